/**
 * `<kc-sign-in>`: asks for an email and has a one-time sign-in link sent to it
 * (`POST /api/v1/auth/link`). The server answers alike for known and unknown addresses, and so
 * does this screen.
 */
import { html, css } from 'lit';
import { msg, str } from '@lit/localize';
import { ApiFailure } from '../api.js';
import { Screen } from '../screen.js';

export class SignInScreen extends Screen {
  static override styles = [Screen.styles, css`.card { max-width: 26rem; margin: 10vh auto 0; } form { display: grid; gap: 12px; }`];
  static override properties = { ...Screen.properties, sentTo: { state: true }, error: { state: true }, busy: { state: true } };
  declare sentTo: string;
  declare error: string;
  declare busy: boolean;

  constructor() {
    super();
    this.sentTo = '';
    this.error = '';
    this.busy = false;
  }

  override render() {
    return html`<div class="card">
      <h1>${msg('Sign in to Kairos')}</h1>
      ${this.sentTo
        ? html`<p role="status">${msg(str`If ${this.sentTo} belongs to someone on the team, a sign-in link is on its way. It works once, within 15 minutes.`)}</p>
            <button class="secondary" @click=${() => (this.sentTo = '')}>${msg('Use another address')}</button>`
        : html`<form @submit=${this.submit} novalidate>
            <p class="muted">${msg('We email you a link that signs you in. No password.')}</p>
            <label>${msg('Your work email')}
              <input name="email" type="email" autocomplete="email" required aria-describedby="sign-in-error" aria-invalid=${this.error ? 'true' : 'false'} />
            </label>
            <p id="sign-in-error" class="error" role="alert">${this.error}</p>
            <button type="submit" ?disabled=${this.busy}>${msg('Email me a link')}</button>
          </form>`}
    </div>`;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('email') as HTMLInputElement;
    const email = input.value.trim();
    if (!input.checkValidity() || !email) {
      this.error = msg('Enter an email address.');
      input.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      await this.api.post('auth/link', { email });
      this.sentTo = email;
    } catch (error) {
      this.error =
        error instanceof ApiFailure && error.code === 'rate_limited'
          ? msg('Too many links asked for. Wait a few minutes, then try again.')
          : error instanceof ApiFailure && error.status === 422
            ? msg('Enter an email address.')
            : msg('The link could not be sent. Try again.');
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('kc-sign-in', SignInScreen);
