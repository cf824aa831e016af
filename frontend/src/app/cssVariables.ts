import type { CSSVariablesResolver } from '@mantine/core';

// Mantine's dimmed grey and its light variants (badges, alerts) fall under 4.5:1 on light
// backgrounds; the darkest shade of each color passes WCAG AA for small text.
export const cssVariablesResolver: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': theme.colors.gray[7] ?? '#495057',
    ...Object.fromEntries(
      Object.entries(theme.colors).map(([name, shades]) => [`--mantine-color-${name}-light-color`, shades[9]]),
    ),
  },
  dark: { '--mantine-color-dimmed': theme.colors.dark[1] ?? '#b8b8b8' },
});
