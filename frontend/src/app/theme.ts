import { createTheme } from '@mantine/core';

/** One theme for the whole portal; light and dark come from Mantine's color schemes. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  fontFamilyMonospace: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
  headings: { fontWeight: '650' },
  // Darker shades than Mantine's defaults keep small text readable (WCAG AA) on white.
  primaryShade: { light: 7, dark: 4 },
  components: {
    // The seed's words as written: Ready, Missing, Monitoring, Not Protected.
    Badge: { defaultProps: { radius: 'sm', tt: 'none' } },
  },
});
