import { darken, type CSSVariablesResolver } from '@mantine/core';

// Mantine's dimmed grey and the text of its light variants (badges, alerts) fall under 4.5:1 on
// light backgrounds for some colors (green is 3.8:1); a darker text passes WCAG AA everywhere.
export const cssVariablesResolver: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': theme.colors.gray[7] ?? '#495057',
    ...Object.fromEntries(
      Object.entries(theme.colors).map(([name, shades]) => [
        `--mantine-color-${name}-light-color`,
        darken(shades[9] ?? '#000000', 0.25),
      ]),
    ),
  },
  dark: { '--mantine-color-dimmed': theme.colors.dark[1] ?? '#b8b8b8' },
});
