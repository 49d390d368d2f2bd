/**
 * `<kc-week-chart>`: meetings assigned per week, one stacked column per week and one colour per
 * member, as an SVG whose numbers are also in the table beneath it, so the figures stay readable
 * (and reach screen readers) without the picture. Colours are SVG attributes: the console's
 * Content-Security-Policy admits no style attribute (Lit's `styleMap` writes one on first render).
 */
import { LitElement, html, svg, css, nothing } from 'lit';
import { msg } from '@lit/localize';
import { styles } from './styles.js';
import type { Week } from './types.js';

/** Distinguishable on white and dark backgrounds, in this order. */
const colours = ['#4f46e5', '#0f766e', '#c2410c', '#be185d', '#4d7c0f', '#0369a1', '#7c3aed', '#a16207'];

export class WeekChart extends LitElement {
  static override styles = [styles, css`svg.chart { max-width: 100%; height: auto; display: block; } .legend { display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 8px 0; font-size: 0.9em; } .swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 4px; vertical-align: -1px; } .table-wrap { overflow-x: auto; } td, th { text-align: right; } th:first-child, td:first-child { text-align: left; }`];
  static override properties = { weeks: { attribute: false }, members: { attribute: false } };
  declare weeks: Week[];
  declare members: { id: string; name: string }[];

  constructor() {
    super();
    this.weeks = [];
    this.members = [];
  }

  override render() {
    if (!this.weeks.length) return nothing;
    const totals = this.weeks.map((w) => this.members.reduce((sum, m) => sum + (w.counts[m.id] ?? 0), 0));
    const max = Math.max(1, ...totals);
    // Drawn at about its size on screen, so its labels read at their font size on a phone too.
    const width = Math.max(320, this.weeks.length * 72);
    const height = 180;
    const column = width / this.weeks.length;
    const bar = Math.min(48, column * 0.7);
    const day = (start: string) => new Intl.DateTimeFormat(document.documentElement.lang || 'en-US', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${start}T12:00:00Z`));
    return html`
      <svg class="chart" width=${width} viewBox="0 0 ${width} ${height + 24}" role="img" aria-label=${msg('Meetings assigned per week; the numbers are in the table below.')}>
        ${this.weeks.map((week, i) => {
          let y = height;
          const x = i * column + (column - bar) / 2;
          return svg`${this.members.map((m, j) => {
            const h = ((week.counts[m.id] ?? 0) / max) * (height - 16);
            y -= h;
            return h ? svg`<rect x=${x} y=${y} width=${bar} height=${h} fill=${colours[j % colours.length]}></rect>` : nothing;
          })}
          <text x=${x + bar / 2} y=${y - 4} text-anchor="middle" font-size="12" fill="currentColor">${totals[i]}</text>
          <text x=${x + bar / 2} y=${height + 16} text-anchor="middle" font-size="11" fill="currentColor">${day(week.start)}</text>`;
        })}
      </svg>
      ${this.members.length > 1
        ? html`<div class="legend">${this.members.map((m, j) => html`<span><svg class="swatch" viewBox="0 0 1 1" aria-hidden="true">${svg`<rect width="1" height="1" fill=${colours[j % colours.length]}></rect>`}</svg>${m.name}</span>`)}</div>`
        : nothing}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">${msg('Meetings assigned per week')}</caption>
          <thead><tr><th scope="col">${msg('Week of')}</th>${this.members.map((m) => html`<th scope="col">${m.name}</th>`)}</tr></thead>
          <tbody>${this.weeks.map((w) => html`<tr><th scope="row">${day(w.start)}</th>${this.members.map((m) => html`<td>${w.counts[m.id] ?? 0}</td>`)}</tr>`)}</tbody>
        </table>
      </div>
    `;
  }
}

customElements.define('kc-week-chart', WeekChart);
