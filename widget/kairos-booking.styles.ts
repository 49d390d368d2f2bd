import { css } from 'lit';
import { darkTokens, tokenProperties } from './design-tokens.js';

/** All of the widget's styles: the steps render into the element's shadow root, so they share these. */
export const styles = css`
  :host {
    ${tokenProperties}
    display: block;
    container-type: inline-size;
    font: 15px/1.45 var(--kairos-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--_fg);
    min-width: 0;
  }
  ${darkTokens}
  :host([hidden]) { display: none; }
  /* A popup's host is just its launcher, so it sizes to it; the steps' container is then the dialog. */
  :host([mode='popup']) { display: inline-block; container-type: normal; }
  /* A floating button takes no room in the page: only the button shows, fixed in its corner. */
  :host([mode='floating']) { display: block; height: 0; container-type: normal; }
  .floating { position: fixed; bottom: 20px; right: 20px; z-index: 2147483000; border-radius: 999px; padding: 12px 22px; box-shadow: 0 6px 20px rgb(0 0 0 / 0.25); }
  .floating.bottom-left { right: auto; left: 20px; }
  .step, dialog { background: var(--_bg); color: var(--_fg); }
  .step { padding: 20px; border: 1px solid var(--_line); border-radius: var(--_radius); box-sizing: border-box; }
  /* Only the step most pages open on keeps room for what arrives; the others are as tall as they are. */
  [data-view='loading'], [data-view='date'] { min-height: 360px; }
  h2 { font-size: 1.3em; margin: 0 0 4px; outline: none; }
  h3 { font-size: 1em; margin: 0; outline: none; }
  .meta, .summary, .description, .prompt { color: var(--_muted); }
  p { margin: 0 0 12px; }
  button, .button {
    font: inherit; cursor: pointer; border-radius: calc(var(--_radius) * 0.7); border: 1px solid var(--_accent);
    background: var(--_accent); color: #fff; padding: 9px 16px; text-decoration: none; display: inline-block;
  }
  button.secondary, .button.secondary { background: transparent; color: var(--_accent); }
  button.link { background: none; border: none; padding: 4px 0; color: var(--_accent); text-decoration: underline; }
  button:disabled, button[aria-disabled='true'] { cursor: default; opacity: 0.45; }
  .picks li button { padding: 0 8px; margin-inline-start: 4px; }
  /* The text colour: ≥ 3:1 on the background (WCAG 2.2), and unlike the accent of the slots' borders. */
  :focus-visible { outline: 3px solid var(--_fg); outline-offset: 2px; }
  a { color: var(--_accent); }
  ul { list-style: none; margin: 0; padding: 0; }
  .entries { display: grid; gap: 10px; margin-top: 12px; }
  .entry { width: 100%; text-align: left; display: grid; gap: 2px; background: var(--_bg); color: var(--_fg); border-color: var(--_line); padding: 14px 16px; }
  .entry:hover { border-color: var(--_accent); }
  .date-step { display: grid; gap: 20px; }
  .summary-panel p, .entry-details p { margin: 0 0 4px; }
  .entry-details .description { margin-top: 8px; }
  .to-month { justify-self: start; }
  /*
   * The loading frame knows only the summary's head (title, duration and location: two lines).
   * Where the summary is above the calendar, its details go below it, with the times (or the
   * week), so the calendar stays where the frame put it; the times' box reserves their room.
   */
  .summary-panel .entry-details { display: none; }
  .times > .entry-details, .week-step > .entry-details { border-top: 1px solid var(--_line); padding-top: 10px; }
  @container (max-width: 739.98px) {
    .date-step .times { min-height: 272px; }
    .date-step .slots { min-height: 0; }
    /* One row of skeleton times: the details below them fit the reserved room while times load. */
    .date-step .slots[aria-busy='true'] li:nth-child(n + 4) { display: none; }
  }
  @container (min-width: 620px) {
    .date-step { grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr); }
    .summary-panel { grid-column: 1 / -1; }
    .to-month { display: none; }
  }
  @container (min-width: 740px) {
    .date-step { grid-template-columns: minmax(0, 0.8fr) minmax(0, 1.2fr) minmax(0, 1fr); }
    .summary-panel { grid-column: auto; padding-right: 20px; border-right: 1px solid var(--_line); display: flex; flex-direction: column; align-items: start; }
    .date-step .summary-panel .entry-details { display: contents; }
    .summary-panel .page-title { order: -1; }
    .summary-panel .link { order: -2; }
    .times > .entry-details { display: none; }
  }
  /* Narrow: the chosen day's times are a step of their own, "Back to the calendar" returns. */
  @container (max-width: 619.98px) { .open > kairos-month-grid { display: none; } }
  .month-head { display: flex; align-items: center; justify-content: space-between; margin-bottom: 8px; }
  .nav { background: transparent; color: var(--_fg); border-color: var(--_line); padding: 4px 12px; font-size: 1.2em; }
  table { width: 100%; border-collapse: collapse; table-layout: fixed; }
  th { font-size: 0.78em; font-weight: 600; color: var(--_muted); padding: 4px 0; }
  td { padding: 2px; text-align: center; }
  .day { width: 100%; max-width: 44px; aspect-ratio: 1; padding: 0; border-radius: 50%; background: transparent; color: var(--_fg); border-color: transparent; }
  .day[aria-disabled='false'] { background: var(--_soft); color: var(--_accent); font-weight: 600; opacity: 1; }
  .day[aria-current='date'] { text-decoration: underline; }
  td[aria-selected='true'] .day { background: var(--_accent); color: #fff; }
  .times { display: grid; gap: 12px; align-content: start; }
  .slots { min-height: 220px; }
  .slot-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(96px, 1fr)); gap: 8px; margin-top: 8px; }
  .slot { width: 100%; background: transparent; color: var(--_accent); font-weight: 600; min-height: 40px; box-sizing: border-box; padding: 8px 6px; white-space: nowrap; }
  .seats { display: block; font-size: 0.8em; font-weight: normal; }
  .slot:hover { background: var(--_soft); }
  .skeleton, .skeleton-line { display: block; background: var(--_line); border-radius: 6px; animation: pulse 1.2s ease-in-out infinite; }
  .skeleton { height: 40px; }
  .skeleton-text { background: var(--_line); border-radius: 6px; width: 40%; animation: pulse 1.2s ease-in-out infinite; }
  .skeleton-line { height: 1em; width: 60%; }
  @keyframes pulse { 50% { opacity: 0.45; } }
  @media (prefers-reduced-motion: reduce) { .skeleton, .skeleton-line, .skeleton-text { animation: none; } }
  /* The week's height is fixed (its times scroll), so slots arriving do not move what is below. */
  .week { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(84px, 1fr); gap: 8px; overflow: auto; scroll-snap-type: x mandatory; margin: 8px 0 16px; height: 320px; }
  /* A phone shows three whole days and scrolls sideways to the others. */
  @container (max-width: 619px) { .week { grid-auto-columns: calc((100% - 16px) / 3); } }
  .week-step .summary-panel { border: none; padding: 0; margin-bottom: 8px; }
  /* The week's frame keeps room below the week for the summary's details (and a zone row that wraps). */
  .week-step { min-height: 43em; }
  .week-step kairos-timezone-picker { display: block; margin-bottom: 8px; }
  .week-day { display: grid; gap: 6px; align-content: start; scroll-snap-align: start; text-align: center; }
  .week-date { margin: 0; color: var(--_muted); font-size: 0.85em; position: sticky; top: 0; background: var(--_bg); }
  .week-date b { display: block; color: var(--_fg); font-size: 1.3em; }
  .week .slot { padding: 8px 4px; white-space: nowrap; }
  .zone-search { margin-top: 8px; display: grid; gap: 6px; }
  .zone-list { max-height: 220px; overflow: auto; border: 1px solid var(--_line); border-radius: 6px; }
  .zone-option { width: 100%; text-align: left; background: none; color: var(--_fg); border: none; border-radius: 0; padding: 6px 10px; display: flex; flex-wrap: wrap; column-gap: 8px; }
  .zone-option:hover, .zone-option[aria-current='true'] { background: var(--_soft); }
  .zone-name { flex: 1; }
  .offset, .cities { color: var(--_muted); }
  .cities { flex-basis: 100%; font-size: 0.85em; }
  .zone-row { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; }
  .clock { display: inline-flex; border: 1px solid var(--_accent); border-radius: 999px; overflow: hidden; }
  .clock button { padding: 2px 8px; font-size: 0.85em; background: none; color: var(--_accent); border: none; border-radius: 0; }
  .clock [aria-pressed='true'] { background: var(--_accent); color: #fff; }
  form { display: grid; gap: 14px; margin-top: 12px; }
  .field { display: grid; gap: 4px; }
  .field.check { grid-template-columns: auto 1fr; align-items: start; column-gap: 8px; }
  .field.check .error { grid-column: 2; }
  label { font-weight: 600; font-size: 0.92em; }
  .check label { font-weight: normal; }
  input, select, textarea {
    font: inherit; color: var(--_fg); background: var(--_bg); border: 1px solid var(--_line); border-radius: calc(var(--_radius) * 0.6);
    padding: 8px 10px; width: 100%; box-sizing: border-box;
  }
  input[type='checkbox'] { width: 18px; height: 18px; margin-top: 3px; accent-color: var(--_accent); }
  [aria-invalid='true'] { border-color: var(--_error); }
  .error { color: var(--_error); font-size: 0.92em; }
  p.error { border: 1px solid currentColor; border-radius: 6px; padding: 8px 12px; }
  .actions { display: flex; gap: 10px; flex-wrap: wrap; justify-content: flex-end; margin-top: 8px; }
  .notice { background: var(--_soft); padding: 8px 12px; border-radius: 6px; }
  .status { display: inline-block; font-weight: 600; padding: 2px 10px; border-radius: 99px; background: var(--_soft); }
  [data-status=cancelled], [data-status=declined] { color: var(--_error); }
  .details { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 16px 0; }
  dt { color: var(--_muted); }
  dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
  .calendar-links { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
  dialog { container-type: inline-size; padding: 0; border: none; border-radius: var(--_radius); width: min(760px, 100vw - 16px); height: min(720px, 100dvh - 16px); max-height: none; }
  /* Phones: the popup is the whole screen, its height the screen's whatever the step. */
  @media (max-width: 600px) { dialog { width: 100vw; height: 100dvh; max-width: none; margin: 0; border-radius: 0; } }
  dialog::backdrop { background: rgb(0 0 0 / 0.45); }
  dialog .step { border: none; }
  .dialog-head { display: flex; justify-content: space-between; align-items: center; padding: 12px 20px 0; font-weight: 600; }
  .close { background: transparent; color: var(--_fg); border: none; font-size: 1.5em; line-height: 1; padding: 2px 8px; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
