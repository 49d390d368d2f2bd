/**
 * `<kc-pool>`: a pool's dashboard (`GET …/pools/{pool}/dashboard`) over a range of days: who is
 * next in line and why, each member's assigned, credited, cancelled, reassigned-away and no-show
 * counts as bars and as a table, and the distribution per week. Admins only.
 */
import { html, svg, css, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { enc } from '../api.js';
import { dateTime, dayKey, viewerZone } from '../format.js';
import { Screen } from '../screen.js';
import type { NextInLineReason, PoolDashboard } from '../types.js';
import '../week-chart.js';

export class PoolScreen extends Screen {
  static override styles = [
    Screen.styles,
    css`
      .card + .card { margin-top: 16px; }
      form { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 12px; }
      .next { font-size: 1.05em; }
      .bars { display: grid; gap: 6px; margin: 8px 0 12px; }
      .bar { display: grid; grid-template-columns: minmax(6em, 10em) 1fr 3em; gap: 8px; align-items: center; }
      /* Widths as SVG attributes: the console's Content-Security-Policy admits no style attribute. */
      .track { background: var(--_soft); border-radius: 4px; width: 100%; height: 14px; }
      .fill { fill: var(--_accent); }
      .table-wrap { overflow-x: auto; }
      td.n, th.n { text-align: right; }
    `,
  ];
  static override properties = { ...Screen.properties, poolId: { attribute: false }, board: { state: true }, error: { state: true }, from: { state: true }, to: { state: true } };
  declare poolId: string;
  declare board: PoolDashboard | undefined;
  declare error: string;
  declare from: string;
  declare to: string;

  constructor() {
    super();
    this.error = '';
    this.to = dayKey(Date.now());
    this.from = dayKey(Date.now() - 27 * 86_400_000);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('poolId')) void this.load().then(() => this.focusHeading());
  }

  private async load(): Promise<void> {
    try {
      this.board = await this.api.get<PoolDashboard>(`admin/pools/${enc(this.poolId)}/dashboard`, { from: this.from, to: this.to, timezone: viewerZone() });
      this.error = '';
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    const b = this.board;
    return html`<p><a href="/admin/team">← ${msg('Team')}</a></p>
      <h1 tabindex="-1">${b ? b.pool.name : this.poolId}</h1>
      <form @submit=${this.range}>
        <label>${msg('From')}<input type="date" name="from" required .value=${this.from} /></label>
        <label>${msg('To')}<input type="date" name="to" required .value=${this.to} /></label>
        <button type="submit" class="secondary">${msg('Show')}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${b ? this.dashboard(b) : this.error ? nothing : html`<p class="muted" aria-busy="true">${msg('Loading…')}</p>`}`;
  }

  private range(event: SubmitEvent): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.from = String(form.get('from'));
    this.to = String(form.get('to'));
    void this.load();
  }

  private dashboard(b: PoolDashboard) {
    const max = Math.max(1, ...b.members.map((m) => m.assigned));
    return html`<section class="card" aria-labelledby="next">
        <h2 id="next">${msg('Next in line')}</h2>
        <p class="next">${b.nextInLine ? html`<strong>${this.directory.memberName(b.nextInLine.member)}</strong> — ${this.why(b.nextInLine.reason)}` : msg('Nobody: the pool has no member who can take a meeting.')}</p>
      </section>
      <section class="card" aria-labelledby="members">
        <h2 id="members">${msg('Members')}</h2>
        <div class="bars" aria-hidden="true">
          ${b.members.map(
            (m) => html`<div class="bar"><span>${m.name}</span><svg class="track" viewBox="0 0 100 14" preserveAspectRatio="none">${svg`<rect class="fill" width=${(m.assigned / max) * 100} height="14"></rect>`}</svg><span>${m.assigned}</span></div>`,
          )}
        </div>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">${msg('Member')}</th><th scope="col" class="n">${msg('Assigned')}</th><th scope="col" class="n">${msg('Credited')}</th>
                <th scope="col" class="n">${msg('Cancelled')}</th><th scope="col" class="n">${msg('Reassigned away')}</th><th scope="col" class="n">${msg('No-shows')}</th>
                <th scope="col">${msg('Last assigned')}</th>
              </tr>
            </thead>
            <tbody>
              ${b.members.map(
                (m) => html`<tr>
                  <th scope="row"><a href=${`/admin/members/${enc(m.id)}`}>${m.name}</a></th><td class="n">${m.assigned}</td><td class="n">${m.credited}</td>
                  <td class="n">${m.cancelled}</td><td class="n">${m.reassignedAway}</td><td class="n">${m.noShows}</td>
                  <td>${m.lastAssignedAt ? dateTime(m.lastAssignedAt) : '—'}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card" aria-labelledby="weeks">
        <h2 id="weeks">${msg('Per week')}</h2>
        <kc-week-chart .weeks=${b.weeks} .members=${b.members.map((m) => ({ id: m.id, name: m.name }))}></kc-week-chart>
      </section>`;
  }

  /** What put the next member before the runner-up, said with the figures that decided it. */
  private why(reason: NextInLineReason): string {
    const other = reason.runnerUp ? this.directory.memberName(reason.runnerUp.member) : '';
    const last = (at: string | null | undefined) => (at ? dateTime(at) : msg('never'));
    switch (reason.kind) {
      case 'only_member':
        return msg('the only member who can take it.');
      case 'fewest_credited':
        return msg(str`fewest meetings credited over the last year: ${reason.credited ?? 0}, against ${reason.runnerUp?.credited ?? 0} for ${other}.`);
      case 'longest_waiting':
        return msg(str`waiting longest: last given a meeting ${last(reason.lastAssignedAt)}, against ${last(reason.runnerUp?.lastAssignedAt)} for ${other}.`);
      case 'priority':
        return msg(str`highest priority: ${reason.priority ?? 0}, against ${reason.runnerUp?.priority ?? 0} for ${other}.`);
      default:
        return msg(str`tied with ${other} on every count; first by id.`);
    }
  }
}

customElements.define('kc-pool', PoolScreen);
