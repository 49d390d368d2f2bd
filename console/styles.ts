import { css } from 'lit';
import { darkTokens, tokenProperties } from '../widget/design-tokens.js';

/** The console's styles, on the widget's design tokens; every screen's shadow root adopts them. */
export const styles = css`
  :host {
    ${tokenProperties}
    display: block;
    font: 15px/1.45 var(--kairos-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--_fg);
  }
  ${darkTokens}
  * { box-sizing: border-box; }
  h1 { font-size: 1.4em; margin: 0 0 12px; outline: none; }
  h2 { font-size: 1.1em; margin: 20px 0 8px; }
  p { margin: 0 0 12px; }
  a { color: var(--_accent); }
  .muted { color: var(--_muted); }
  .error { color: var(--_error); }
  button, .button {
    font: inherit; cursor: pointer; border-radius: calc(var(--_radius) * 0.7); border: 1px solid var(--_accent);
    background: var(--_accent); color: #fff; padding: 7px 14px; text-decoration: none; display: inline-block; line-height: 1.3;
  }
  button.secondary, .button.secondary { background: transparent; color: var(--_accent); }
  button.danger { background: var(--_error); border-color: var(--_error); }
  button.link { background: none; border: none; padding: 2px 0; color: var(--_accent); text-decoration: underline; }
  button:disabled { cursor: default; opacity: 0.45; }
  :focus-visible { outline: 3px solid color-mix(in srgb, var(--_accent) 55%, transparent); outline-offset: 2px; }
  /* A screen's heading takes focus when the screen opens, for screen readers; it needs no ring. */
  h1[tabindex='-1']:focus-visible { outline: none; }
  input, select, textarea {
    font: inherit; color: var(--_fg); background: var(--_bg); border: 1px solid var(--_line);
    border-radius: calc(var(--_radius) * 0.6); padding: 6px 8px; min-width: 0; max-width: 100%;
  }
  label { display: grid; gap: 2px; font-size: 0.9em; color: var(--_muted); }
  .card { background: var(--_bg); border: 1px solid var(--_line); border-radius: var(--_radius); padding: 16px; }
  .card > h2:first-child { margin-top: 0; }
  .row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
  .pill { display: inline-block; font-size: 0.8em; padding: 1px 8px; border-radius: 999px; background: var(--_soft); color: var(--_fg); white-space: nowrap; }
  .pill.pending { background: #fef3c7; color: #78350f; }
  .pill.confirmed { background: #dcfce7; color: #14532d; }
  .pill.cancelled, .pill.declined { background: #fee2e2; color: #7f1d1d; }
  .pill.no_show { background: #e5e7eb; color: #1f2937; }
  dl { display: grid; grid-template-columns: minmax(7em, max-content) 1fr; gap: 4px 16px; margin: 0; }
  dt { color: var(--_muted); }
  dd { margin: 0; overflow-wrap: anywhere; }
  ul.plain { list-style: none; margin: 0; padding: 0; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--_line); vertical-align: top; }
  thead th { font-size: 0.85em; color: var(--_muted); font-weight: 600; }
`;
