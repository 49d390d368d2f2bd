/**
 * `<kc-account>`: who is signed in, their open sessions, signing out (here or everywhere) and
 * the console's language.
 */
import { html, css } from 'lit';
import { msg } from '@lit/localize';
import { dateTime } from '../format.js';
import { consoleLocales, getLocale, useLocale } from '../localize.js';
import { Screen } from '../screen.js';
import type { Session } from '../session.js';

const languageNames: Record<string, string> = {
  'en-US': 'English (US)',
  'en-GB': 'English (UK)',
  fr: 'Français',
  de: 'Deutsch',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  nl: 'Nederlands',
};

export class AccountScreen extends Screen {
  static override styles = [Screen.styles, css`.card + .card { margin-top: 16px; } li { margin: 4px 0; }`];
  static override properties = { ...Screen.properties, sessions: { state: true }, error: { state: true } };
  declare sessions: Session['sessions'];
  declare error: string;

  constructor() {
    super();
    this.sessions = [];
    this.error = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.sessions = this.session.sessions;
    this.focusHeading();
    void this.api.get<Session>('auth/session').then((s) => (this.sessions = s.sessions)).catch(() => undefined);
  }

  override render() {
    const person = this.session.person;
    return html`<h1 tabindex="-1">${msg('Account')}</h1>
      <section class="card" aria-labelledby="you">
        <h2 id="you">${person.name ?? person.email ?? person.id}</h2>
        <p>${person.email ?? ''} · ${this.isAdmin ? msg('Admin: everything') : msg('Member: your own meetings and hours')}</p>
        <label>${msg('Language')}
          <select @change=${(e: Event) => void useLocale((e.target as HTMLSelectElement).value, true)}>
            ${consoleLocales.map((l) => html`<option value=${l} ?selected=${l === getLocale()}>${languageNames[l]}</option>`)}
          </select>
        </label>
      </section>
      <section class="card" aria-labelledby="sessions">
        <h2 id="sessions">${msg('Where you are signed in')}</h2>
        <ul class="plain">
          ${this.sessions.map(
            (s) => html`<li>${msg('Signed in')} ${dateTime(s.createdAt)} · ${msg('last seen')} ${dateTime(s.lastSeenAt)} ${s.current ? html`<strong>(${msg('this browser')})</strong>` : ''}</li>`,
          )}
        </ul>
        <p class="error" role="alert">${this.error}</p>
        <div class="row">
          <button class="secondary" @click=${() => this.signOut(false)}>${msg('Sign out')}</button>
          <button class="secondary" @click=${() => this.signOut(true)}>${msg('Sign out everywhere')}</button>
        </div>
      </section>`;
  }

  private async signOut(everywhere: boolean): Promise<void> {
    try {
      await this.api.post('auth/sign-out', everywhere ? { everywhere: true } : {});
      location.assign('/admin');
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }
}

customElements.define('kc-account', AccountScreen);
