import { css } from 'lit';

/**
 * Kairos's design tokens, shared by the widget and the team console: a site (or the console's
 * page) sets the public `--kairos-*` properties, and both read the private `--_*` ones made from
 * them. `tokenProperties` goes inside a `:host` rule; `darkTokens` follows it.
 */
export const tokenProperties = css`
    --_accent: var(--kairos-accent, #4f46e5);
    --_bg: var(--kairos-bg, #fff);
    --_fg: var(--kairos-fg, #1f2330);
    --_muted: color-mix(in srgb, var(--_fg) 70%, var(--_bg)); /* ≥ 4.5:1 on the default and dark backgrounds (WCAG AA) */
    --_line: color-mix(in srgb, var(--_fg) 16%, var(--_bg));
    --_soft: color-mix(in srgb, var(--_accent) 12%, var(--_bg));
    --_radius: var(--kairos-radius, 10px);
    --_error: #b42318;
`;

export const darkTokens = css`
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--kairos-bg, #16181f);
      --_fg: var(--kairos-fg, #eceef4);
      --_accent: var(--kairos-accent, #8b87ff);
      --_error: #ff8a80;
    }
  }
`;
