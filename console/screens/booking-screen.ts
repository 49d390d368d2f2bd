/**
 * `<kc-booking>`: one booking as the team sees it (`GET /api/v1/admin/bookings/{id}`): who, when
 * (in the viewer's zone and the customer's), its answers and source, what happened to it and the
 * emails about it, and the actions its state allows, each through the API's own use case.
 */
import { html, css, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { ApiFailure, enc } from '../api.js';
import { dateTime, range, viewerZone } from '../format.js';
import { actorLabel, recipientLabel, statusLabel, templateLabel, typeLabel } from '../labels.js';
import { getLocale } from '../localize.js';
import { Screen } from '../screen.js';
import type { BookingDetail } from '../types.js';

interface Candidate {
  id: string;
  name: string;
  nextInLine: boolean;
}

type Action = 'decline' | 'reassign' | 'cancel' | 'ask';

export class BookingScreen extends Screen {
  static override styles = [
    Screen.styles,
    css`
      .layout { display: grid; gap: 16px; }
      /* Actions first (on a phone, above the details); on a wide screen, in the right column. */
      @media (min-width: 900px) {
        .layout { grid-template-columns: minmax(0, 1.4fr) minmax(0, 1fr); align-items: start; }
        .layout > .actions { grid-column: 2; grid-row: 1; }
        .layout > .about { grid-column: 1; grid-row: 1; }
      }
      .title { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 4px; }
      .title h1 { margin: 0; }
      .actions { display: grid; gap: 12px; }
      .actions form { display: grid; gap: 8px; }
      textarea { width: 100%; min-height: 4.5em; }
      ol.timeline { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
      ol.timeline li { display: grid; gap: 0; padding-left: 12px; border-left: 2px solid var(--_line); }
      .card + .card { margin-top: 16px; }
      .table-wrap { overflow-x: auto; }
    `,
  ];
  static override properties = {
    ...Screen.properties,
    bookingId: { attribute: false },
    booking: { state: true },
    error: { state: true },
    done: { state: true },
    open: { state: true },
    candidates: { state: true },
    busy: { state: true },
  };
  declare bookingId: string;
  declare booking: BookingDetail | undefined;
  declare error: string;
  declare done: string;
  declare open: Action | '';
  declare candidates: Candidate[] | undefined;
  declare busy: boolean;

  constructor() {
    super();
    this.booking = undefined;
    this.error = '';
    this.done = '';
    this.open = '';
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('bookingId')) {
      this.booking = undefined;
      this.done = '';
      this.open = '';
      void this.load().then(() => this.focusHeading());
    }
  }

  private async load(): Promise<void> {
    try {
      this.booking = await this.api.get<BookingDetail>(`admin/bookings/${enc(this.bookingId)}`, { locale: getLocale() });
      this.error = '';
    } catch (error) {
      this.error =
        error instanceof ApiFailure && error.status === 404
          ? msg('There is no such booking, or it is not one of yours.')
          : error instanceof Error
            ? error.message
            : String(error);
    }
  }

  override render() {
    if (!this.booking) {
      return this.error
        ? html`<h1 tabindex="-1">${msg('Booking')}</h1><p class="error" role="alert">${this.error}</p><p><a href="/admin">${msg('Back to the activity')}</a></p>`
        : html`<p class="muted" aria-busy="true">${msg('Loading…')}</p>`;
    }
    const b = this.booking;
    const zone = viewerZone();
    return html`
      <p><a href="/admin">← ${msg('Activity')}</a></p>
      <div class="title">
        <h1 tabindex="-1">${b.name || msg('(erased)')}</h1>
        <span class="pill ${b.status}">${statusLabel(b.status)}</span>
      </div>
      <p>
        <strong>${this.directory.eventTitle(b.event)}</strong> · ${range(b.start, b.end, zone)}
        ${b.timezone !== zone ? html`<br /><span class="muted">${msg(str`Customer’s time: ${range(b.start, b.end, b.timezone)} (${b.timezone})`)}</span>` : nothing}
      </p>
      <p role="status" aria-live="polite">${this.done}</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="layout">
        <section class="card actions" aria-labelledby="actions">
          <h2 id="actions">${msg('Actions')}</h2>
          ${this.actions()}
        </section>
        <div class="about">
          <section class="card" aria-labelledby="who">
            <h2 id="who">${msg('Details')}</h2>
            <dl>
              <dt>${msg('Email')}</dt><dd>${b.email ? html`<a href=${`mailto:${b.email}`}>${b.email}</a>` : '—'}</dd>
              <dt>${msg('Phone')}</dt><dd>${b.phone ?? '—'}</dd>
              ${b.guests?.length ? html`<dt>${msg('Guests')}</dt><dd>${b.guests.join(', ')}</dd>` : nothing}
              <dt>${msg('With')}</dt><dd>${b.members.map((m) => m.name).join(', ') || '—'}</dd>
              ${b.members.some((m) => m.pool)
                ? html`<dt>${msg('Pool')}</dt><dd>${[...new Set(b.members.flatMap((m) => (m.pool ? [m.pool] : [])))].map((pool) => html`<a href=${`/admin/pools/${enc(pool)}`}>${pool}</a>`)}</dd>`
                : nothing}
              <dt>${msg('Page')}</dt><dd>${this.directory.pageTitle(b.page)}</dd>
              <dt>${msg('Where')}</dt><dd>${this.location()}</dd>
              <dt>${msg('Booked')}</dt><dd>${dateTime(b.createdAt, zone)}</dd>
              ${b.reason ? html`<dt>${msg('Reason')}</dt><dd>${b.reason}</dd>` : nothing}
            </dl>
            ${this.answers(b)} ${this.pairs(msg('Source'), Object.entries(b.source))}
          </section>
          <section class="card" aria-labelledby="history">
            <h2 id="history">${msg('History')}</h2>
            <ol class="timeline">
              ${b.activity.map(
                (entry) => html`<li>
                  <span><strong>${typeLabel(entry.type)}</strong> ${this.entryDetail(entry.type, entry.data)}</span>
                  <span class="muted"><time datetime=${entry.at}>${dateTime(entry.at, zone)}</time> · ${actorLabel(entry.actor, this.directory)}</span>
                </li>`,
              )}
            </ol>
          </section>
          <section class="card" aria-labelledby="emails">
            <h2 id="emails">${msg('Emails')}</h2>
            ${b.emails.length
              ? html`<div class="table-wrap"><table>
                  <thead><tr><th scope="col">${msg('Email')}</th><th scope="col">${msg('Status')}</th><th scope="col">${msg('Sent')}</th></tr></thead>
                  <tbody>
                    ${b.emails.map(
                      (email) => html`<tr><td>${templateLabel(email.template)} ${recipientLabel(email.recipient)}</td><td>${emailStatus(email.status)}</td><td>${email.sentAt ? dateTime(email.sentAt, zone) : '—'}</td></tr>`,
                    )}
                  </tbody>
                </table></div>`
              : html`<p class="muted">${msg('No email about this booking.')}</p>`}
          </section>
        </div>
      </div>
    `;
  }

  private location() {
    const l = this.booking!.location;
    if (l.joinUrl) return html`<a href=${l.joinUrl} target="_blank" rel="noopener noreferrer">${l.joinUrl}</a>`;
    return l.address ?? l.number ?? (l.type === 'video' ? msg('Video call') : l.type === 'phone' ? msg('Phone call') : msg('In person'));
  }

  /** The answers under the questions the customer saw, in the form's order; one whose field is gone from the config under its id. */
  private answers(b: BookingDetail) {
    const asked = new Map(b.fields.map((f) => [f.id, f]));
    const ids = [...b.fields.map((f) => f.id).filter((id) => id in b.answers), ...Object.keys(b.answers).filter((id) => !asked.has(id))];
    const labelled = ids.map((id) => {
      const field = asked.get(id);
      const value = b.answers[id]!;
      const option = typeof value === 'string' ? field?.options?.find((o) => o.value === value) : undefined;
      return [field?.label || id, option ? option.label : value] as const;
    });
    return this.pairs(msg('Answers'), labelled);
  }

  private pairs(title: string, entries: readonly (readonly [string, string | boolean])[]) {
    if (!entries.length) return nothing;
    return html`<h2>${title}</h2>
      <dl>${entries.map(([key, value]) => html`<dt>${key}</dt><dd>${value === true ? msg('Yes') : value === false ? msg('No') : value}</dd>`)}</dl>`;
  }

  private entryDetail(type: string, data: Record<string, unknown>) {
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    if (type === 'rescheduled' && text(data.from) && text(data.to)) return html`<span class="muted">${dateTime(text(data.from))} → ${dateTime(text(data.to))}</span>`;
    if (type === 'reassigned') {
      const from = text(data.from) || text(data.replaced);
      const to = text(data.to) || text(data.member);
      if (to) return html`<span class="muted">${from ? `${this.directory.memberName(from)} → ` : ''}${this.directory.memberName(to)}</span>`;
    }
    if (type === 'notification_sent' || type === 'notification_failed') return html`<span class="muted">${templateLabel(text(data.template))} ${recipientLabel(text(data.recipient) || null)}</span>`;
    // A text: which one, to which number, and what the gateway answered when it refused it.
    if (type === 'sms_sent' || type === 'sms_failed') return html`<span class="muted">${templateLabel(text(data.template))} ${text(data.phone)}${text(data.error) ? `: ${text(data.error)}` : ''}</span>`;
    // What the video provider (or the CRM) answered, in its own words: the team needs them to fix the setup.
    if ((type.startsWith('meeting_') || type === 'crm_sync_failed') && text(data.error)) return html`<span class="muted">${text(data.provider)}: ${text(data.error)}</span>`;
    // Whose calendar, and what its server answered.
    if (type === 'calendar_write_failed') return html`<span class="muted">${this.directory.memberName(text(data.member))} (${text(data.calendar)}): ${text(data.error)}</span>`;
    if (text(data.reason)) return html`<span class="muted">“${text(data.reason)}”</span>`;
    if (text(data.message)) return html`<span class="muted">“${text(data.message)}”</span>`;
    return nothing;
  }

  private actions() {
    const b = this.booking!;
    const started = Date.parse(b.start) <= Date.now();
    const held = b.status === 'pending' || b.status === 'confirmed';
    const buttons = [];
    if (b.status === 'pending') {
      buttons.push(html`<button ?disabled=${this.busy} @click=${() => this.act('approve', {}, msg('Approved: the customer is told.'))}>${msg('Approve')}</button>`);
      buttons.push(this.toggle('decline', msg('Decline…')));
    }
    if (held && !started) {
      buttons.push(this.toggle('reassign', msg('Reassign…')));
      buttons.push(this.toggle('ask', msg('Ask for a new time…')));
      buttons.push(this.toggle('cancel', msg('Cancel…')));
    }
    if (b.status === 'confirmed' && started) {
      buttons.push(html`<button class="secondary" ?disabled=${this.busy} @click=${() => this.act('no-show', {}, msg('Marked as a no-show.'))}>${msg('Mark as no-show')}</button>`);
    }
    if (!buttons.length) return html`<p class="muted">${msg('Nothing to do: this booking is settled.')}</p>`;
    return html`<div class="row">${buttons}</div>${this.openForm()}`;
  }

  private toggle(action: Action, label: string) {
    return html`<button class="secondary" aria-expanded=${this.open === action ? 'true' : 'false'} @click=${() => this.show(action)}>${label}</button>`;
  }

  private show(action: Action): void {
    this.open = this.open === action ? '' : action;
    this.error = '';
    if (this.open === 'reassign') void this.loadCandidates();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.actions form select, .actions form textarea')?.focus());
  }

  private async loadCandidates(): Promise<void> {
    this.candidates = undefined;
    try {
      this.candidates = (await this.api.get<{ items: Candidate[] }>(`admin/bookings/${enc(this.bookingId)}/candidates`)).items;
    } catch (error) {
      this.candidates = [];
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  private openForm() {
    const reason = (label: string, name: string) => html`<label>${label}<textarea name=${name} maxlength="1000"></textarea></label>`;
    switch (this.open) {
      case 'decline':
        return html`<form @submit=${(e: SubmitEvent) => this.submit(e, 'decline', (f) => ({ reason: f.get('reason') || undefined }), msg('Declined: the customer is told.'))}>
          ${reason(msg('Reason, sent to the customer (optional)'), 'reason')}
          <button class="danger" type="submit" ?disabled=${this.busy}>${msg('Decline the request')}</button>
        </form>`;
      case 'cancel':
        return html`<form @submit=${(e: SubmitEvent) => this.submit(e, 'cancel', (f) => ({ reason: f.get('reason') || undefined }), msg('Cancelled: the customer is told.'))}>
          ${reason(msg('Reason, sent to the customer (optional)'), 'reason')}
          <button class="danger" type="submit" ?disabled=${this.busy}>${msg('Cancel the booking')}</button>
        </form>`;
      case 'ask':
        return html`<form @submit=${(e: SubmitEvent) => this.submit(e, 'ask-to-reschedule', (f) => ({ message: f.get('message') || undefined }), msg('Sent: the customer has a link to pick a new time.'))}>
          ${reason(msg('Message to the customer (optional)'), 'message')}
          <button type="submit" ?disabled=${this.busy}>${msg('Email the customer')}</button>
        </form>`;
      case 'reassign':
        return this.reassignForm();
      default:
        return nothing;
    }
  }

  private reassignForm() {
    if (!this.candidates) return html`<p class="muted" aria-busy="true">${msg('Finding who is free…')}</p>`;
    const assigned = new Set(this.booking!.members.map((m) => m.id));
    const free = this.candidates.filter((c) => !assigned.has(c.id));
    if (!free.length) return html`<p class="muted">${msg('Nobody else who may take it is free at that time.')}</p>`;
    return html`<form @submit=${(e: SubmitEvent) => this.submit(e, 'reassign', (f) => ({ member: f.get('member') }), msg('Reassigned: both members and the customer are told.'))}>
      <label>${msg('Give it to')}
        <select name="member" required>
          ${free.map((c) => html`<option value=${c.id}>${c.nextInLine ? msg(str`${c.name} (next in line)`) : c.name}</option>`)}
        </select>
      </label>
      <p class="muted">${msg('Only members free at that time are offered.')}</p>
      <button type="submit" ?disabled=${this.busy}>${msg('Reassign')}</button>
    </form>`;
  }

  private submit(event: SubmitEvent, action: string, body: (form: FormData) => Record<string, unknown>, done: string): void {
    event.preventDefault();
    void this.act(action, body(new FormData(event.target as HTMLFormElement)), done);
  }

  private async act(action: string, body: Record<string, unknown>, done: string): Promise<void> {
    this.busy = true;
    this.error = '';
    this.done = '';
    try {
      await this.api.post(`admin/bookings/${enc(this.bookingId)}/${action}`, body);
      this.open = '';
      // Said once the booking shown is the changed one.
      await this.load();
      this.done = done;
    } catch (error) {
      this.error = error instanceof ApiFailure ? refusal(error) : String(error);
    } finally {
      this.busy = false;
    }
  }
}

function emailStatus(status: string): string {
  const labels: Record<string, string> = { pending: msg('Waiting to be sent'), sent: msg('Sent'), failed: msg('Not delivered'), cancelled: msg('Not needed any more') };
  return labels[status] ?? status;
}

/** A refusal in plain words: the API's message names the rule; these say it to a person. */
function refusal(error: ApiFailure): string {
  const labels: Record<string, string> = {
    slot_unavailable: msg('That member is no longer free at that time.'),
    too_late: msg('Too late: the meeting has started or passed.'),
    invalid_state: msg('The booking changed meanwhile. Reload it.'),
    forbidden: msg('Only an admin may do that.'),
    csrf_failed: msg('Your session changed. Reload the page.'),
    unauthorized: msg('You are signed out. Sign in again.'),
  };
  return labels[error.code] ?? error.message;
}

customElements.define('kc-booking', BookingScreen);
