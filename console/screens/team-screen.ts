/**
 * `<kc-team>`: the team, for an admin: each member (their page, their meetings, a button that
 * emails them a sign-in link: `POST …/members/{member}/invite`) and each pool's dashboard.
 */
import { html, css, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { enc } from '../api.js';
import { Screen } from '../screen.js';

export class TeamScreen extends Screen {
  static override styles = [Screen.styles, css`td:last-child { text-align: right; } .card + .card { margin-top: 16px; }`];
  static override properties = { ...Screen.properties, sent: { state: true }, error: { state: true } };
  declare sent: Set<string>;
  declare error: string;

  constructor() {
    super();
    this.sent = new Set();
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.focusHeading();
  }

  override render() {
    if (!this.isAdmin) return html`<h1 tabindex="-1">${msg('Team')}</h1><p>${msg('Only an admin may do that.')}</p>`;
    const members = this.directory.data.members;
    return html`<h1 tabindex="-1">${msg('Team')}</h1>
      <p role="status" aria-live="polite">${[...this.sent].map((id) => msg(str`A sign-in link is on its way to ${this.directory.memberName(id)}.`)).at(-1) ?? ''}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <section class="card" aria-labelledby="members">
        <h2 id="members">${msg('Members')}</h2>
        <table>
          <thead><tr><th scope="col">${msg('Name')}</th><th scope="col">${msg('Meetings')}</th><th scope="col"><span class="visually-hidden">${msg('Actions')}</span></th></tr></thead>
          <tbody>
            ${members.map(
              (m) => html`<tr>
                <td><a href=${`/admin/members/${enc(m.id)}`}>${m.name}</a></td>
                <td><a href=${`/admin?member=${enc(m.id)}&view=upcoming`} aria-label=${msg(str`Upcoming meetings of ${m.name}`)}>${msg('Upcoming')}</a></td>
                <td><button class="secondary" @click=${() => this.invite(m.id)} aria-label=${this.sent.has(m.id) ? msg(str`Send again to ${m.name}`) : msg(str`Send sign-in link to ${m.name}`)}>${this.sent.has(m.id) ? msg('Send again') : msg('Send sign-in link')}</button></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="pools">
        <h2 id="pools">${msg('Pools')}</h2>
        <ul class="plain">
          ${this.directory.data.pools.map((p) => html`<li><a href=${`/admin/pools/${enc(p.id)}`}>${p.name}</a></li>`)}
        </ul>
      </section>`;
  }

  private async invite(member: string): Promise<void> {
    this.error = '';
    try {
      await this.api.post(`admin/members/${enc(member)}/invite`);
      this.sent = new Set([...this.sent, member]);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }
}

customElements.define('kc-team', TeamScreen);
