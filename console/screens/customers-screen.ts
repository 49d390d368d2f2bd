/**
 * `<kc-customers>`: a customer's data under the GDPR, found by their email: what is stored about
 * them (and the JSON file of it, `GET …/customers/{email}/export`), and erasing it
 * (`DELETE …/customers/{email}`) after the admin types the address again. Admins only.
 */
import { html, css, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { enc } from '../api.js';
import { range } from '../format.js';
import { statusLabel } from '../labels.js';
import { Screen } from '../screen.js';
import type { CustomerErasure, CustomerExport } from '../types.js';

export class CustomersScreen extends Screen {
  static override styles = [Screen.styles, css`form { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; } form label { flex: 1 1 16rem; } .card { margin-top: 16px; } ul { padding-left: 1.2em; }`];
  static override properties = {
    ...Screen.properties,
    found: { state: true },
    erased: { state: true },
    error: { state: true },
    confirming: { state: true },
    retention: { state: true },
    retentionSaved: { state: true },
  };
  /** Days after a meeting its customer's data is erased; null: kept. Undefined until read. */
  declare retention: number | null | undefined;
  declare retentionSaved: string;
  declare found: CustomerExport | undefined;
  declare erased: CustomerErasure['erased'] | undefined;
  declare error: string;
  declare confirming: boolean;

  constructor() {
    super();
    this.error = '';
    this.confirming = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.focusHeading();
    this.retentionSaved = '';
    if (this.isAdmin) void this.api.get<{ days: number | null }>('admin/settings/retention').then((r) => (this.retention = r.days)).catch(() => undefined);
  }

  override render() {
    if (!this.isAdmin) return html`<h1 tabindex="-1">${msg('Customers')}</h1><p>${msg('Only an admin may do that.')}</p>`;
    return html`<h1 tabindex="-1">${msg('Customers')}</h1>
      <p class="muted">${msg('Everything Kairos stores about a customer, found by their email: to hand it over, or to erase it. Their bookings stay, anonymous, so counts and round-robin fairness do not move.')}</p>
      <form @submit=${this.find}>
        <label>${msg('Customer’s email')}<input name="email" type="email" required autocomplete="off" /></label>
        <button type="submit">${msg('Look up')}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.erased ? html`<p class="card" role="status">${msg(str`Erased: ${this.erased.bookings} bookings made anonymous, ${this.erased.outboxRows} emails and webhooks deleted, ${this.erased.activityEntries} activity entries cleaned.`)}</p>` : nothing}
      ${this.found ? this.summary(this.found) : nothing}
      ${this.retention === undefined ? nothing : this.retentionForm()}`;
  }

  private retentionForm() {
    return html`<section class="card" aria-labelledby="retention">
      <h2 id="retention">${msg('Keeping customer data')}</h2>
      <form @submit=${this.saveRetention}>
        <label>${msg('Erase a customer’s data this many days after their meeting (leave empty to keep it)')}
          <input name="days" type="number" min="1" max="3650" inputmode="numeric" .value=${this.retention === null ? '' : String(this.retention)} />
        </label>
        <button type="submit" class="secondary">${msg('Save')}</button>
      </form>
      <p role="status" aria-live="polite">${this.retentionSaved}</p>
    </section>`;
  }

  private async saveRetention(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const text = String(new FormData(event.target as HTMLFormElement).get('days') ?? '').trim();
    try {
      this.retention = (await this.api.put<{ days: number | null }>('admin/settings/retention', { days: text ? Number(text) : null })).days;
      this.retentionSaved = this.retention === null ? msg('Saved: customer data is kept.') : msg(str`Saved: customer data is erased ${this.retention} days after the meeting.`);
      this.error = '';
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  private summary(found: CustomerExport) {
    const url = this.api.url(`admin/customers/${enc(found.email)}/export`);
    return html`<section class="card" aria-labelledby="found">
      <h2 id="found">${found.email}</h2>
      ${found.bookings.length
        ? html`<p>${msg(str`${found.bookings.length} bookings, ${found.notifications.length} emails and webhooks, ${found.consents.length} consents.`)}</p>
            <ul>
              ${found.bookings.map((b) => html`<li><a href=${`/admin/bookings/${enc(b.id)}`}>${this.directory.eventTitle(b.event)}</a> · ${range(b.start, b.end)} · ${statusLabel(b.status)}</li>`)}
            </ul>`
        : html`<p>${msg('Nothing is stored about this address.')}</p>`}
      <div class="row">
        <a class="button secondary" href=${url} download>${msg('Download as JSON')}</a>
        ${found.bookings.length && !this.confirming ? html`<button class="danger" @click=${() => (this.confirming = true)}>${msg('Erase…')}</button>` : nothing}
      </div>
      ${this.confirming ? this.confirmForm(found.email) : nothing}
    </section>`;
  }

  private confirmForm(email: string) {
    return html`<form @submit=${(e: SubmitEvent) => this.erase(e, email)}>
      <label>${msg(str`Type ${email} to erase this customer’s data. This cannot be undone.`)}
        <input name="confirm" type="email" required autocomplete="off" />
      </label>
      <button class="danger" type="submit">${msg('Erase for good')}</button>
      <button class="secondary" type="button" @click=${() => (this.confirming = false)}>${msg('Keep')}</button>
    </form>`;
  }

  private async find(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const email = String(new FormData(event.target as HTMLFormElement).get('email') ?? '').trim();
    this.error = '';
    this.erased = undefined;
    this.confirming = false;
    try {
      this.found = await this.api.get<CustomerExport>(`admin/customers/${enc(email)}/export`);
    } catch (error) {
      this.found = undefined;
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  private async erase(event: SubmitEvent, email: string): Promise<void> {
    event.preventDefault();
    const typed = String(new FormData(event.target as HTMLFormElement).get('confirm') ?? '').trim();
    if (typed.toLowerCase() !== email.toLowerCase()) {
      this.error = msg('The address typed is not this customer’s.');
      return;
    }
    try {
      this.erased = (await this.api.delete<CustomerErasure>(`admin/customers/${enc(email)}`)).erased;
      this.found = undefined;
      this.confirming = false;
      this.error = '';
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }
}

customElements.define('kc-customers', CustomersScreen);
