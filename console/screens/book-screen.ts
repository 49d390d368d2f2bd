/**
 * `<kc-book>`: book on behalf of a customer (`POST /api/v1/admin/bookings`): a page and one of its
 * entries, a free time, the customer and the entry's form. An admin sees the page's times as a
 * visitor would; a member books for themselves and sees their own free times
 * (`GET …/members/{member}/slots`). The booking opens once made.
 */
import { html, css, nothing } from 'lit';
import { msg } from '@lit/localize';
import type { PageResponse, SlotsResponse } from '../../shared/api-schemas.js';
import { ApiFailure, enc } from '../api.js';
import { dayKey, viewerZone } from '../format.js';
import { getLocale } from '../localize.js';
import { navigate } from '../router.js';
import { Screen } from '../screen.js';

type Entry = PageResponse['entries'][number];
type Slot = SlotsResponse['slots'][number];
const WEEK = 7 * 86_400_000;

export class BookScreen extends Screen {
  static override styles = [
    Screen.styles,
    css`
      form { display: grid; gap: 16px; }
      .pick { display: grid; gap: 8px; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); align-items: end; }
      fieldset { border: 1px solid var(--_line); border-radius: var(--_radius); padding: 12px 16px; margin: 0; background: var(--_bg); display: grid; gap: 10px; }
      legend { font-weight: 600; padding: 0 4px; }
      .days { display: grid; gap: 10px; }
      .day h3 { font-size: 0.95em; margin: 0 0 4px; }
      .times { display: flex; flex-wrap: wrap; gap: 6px; }
      .times label { display: inline-flex; align-items: center; gap: 4px; padding: 4px 10px; border: 1px solid var(--_line); border-radius: 999px; color: var(--_fg); cursor: pointer; }
      .times input { margin: 0; }
      .times label:has(input:checked) { background: var(--_accent); border-color: var(--_accent); color: #fff; }
      .check { display: flex; gap: 8px; align-items: start; color: var(--_fg); }
      .fields { display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
      textarea { min-height: 4em; }
    `,
  ];
  static override properties = {
    ...Screen.properties,
    page: { state: true },
    event: { state: true },
    from: { state: true },
    slots: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  declare page: PageResponse | undefined;
  declare event: string;
  declare from: number;
  declare slots: Slot[] | undefined;
  declare error: string;
  declare busy: boolean;
  /** One key per booking attempt: a retried submit cannot book twice. */
  private idempotencyKey = crypto.randomUUID();

  constructor() {
    super();
    this.event = '';
    this.from = Date.now();
    this.error = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.focusHeading();
  }

  private get entry(): Entry | undefined {
    return this.page?.entries.find((e) => e.event === this.event);
  }

  private async choosePage(slug: string): Promise<void> {
    this.page = undefined;
    this.event = '';
    this.slots = undefined;
    if (!slug) return;
    try {
      this.page = await this.api.get<PageResponse>(`pages/${enc(slug)}`, { locale: getLocale() });
      if (this.page.entries.length === 1) this.chooseEvent(this.page.entries[0]!.event);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  private chooseEvent(event: string): void {
    this.event = event;
    this.from = Date.now();
    void this.loadSlots();
  }

  private async loadSlots(): Promise<void> {
    if (!this.page || !this.event) return;
    this.slots = undefined;
    const query = { event: this.event, from: dayKey(this.from), to: dayKey(this.from + WEEK - 86_400_000), timezone: viewerZone() };
    try {
      const answer = this.isAdmin
        ? await this.api.get<SlotsResponse>(`pages/${enc(this.page.page)}/slots`, query)
        : await this.api.get<SlotsResponse>(`admin/members/${enc(this.session.person.id)}/slots`, { ...query, page: this.page.page });
      this.slots = answer.slots;
    } catch (error) {
      this.slots = [];
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  override render() {
    const pages = this.directory.data.pages;
    return html`<h1 tabindex="-1">${msg('Book for a customer')}</h1>
      <p class="muted">${this.isAdmin ? msg('As the customer would book it: they get the confirmation and the invite.') : msg('A meeting with you: the customer gets the confirmation and the invite.')}</p>
      <form @submit=${this.submit} novalidate>
        <div class="pick">
          <label>${msg('Page')}
            <select name="page" required @change=${(e: Event) => void this.choosePage((e.target as HTMLSelectElement).value)}>
              <option value="">${msg('Choose a page')}</option>
              ${pages.map((p) => html`<option value=${p.slug}>${p.title}</option>`)}
            </select>
          </label>
          ${this.page
            ? html`<label>${msg('Event type')}
                <select name="event" required @change=${(e: Event) => this.chooseEvent((e.target as HTMLSelectElement).value)}>
                  ${this.page.entries.length > 1 ? html`<option value="">${msg('Choose one')}</option>` : nothing}
                  ${this.page.entries.map((e) => html`<option value=${e.event} ?selected=${e.event === this.event}>${e.title}</option>`)}
                </select>
              </label>`
            : nothing}
        </div>
        ${this.entry ? this.timePicker() : nothing}
        ${this.entry ? this.customer(this.entry) : nothing}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${this.entry ? html`<p><button type="submit" ?disabled=${this.busy}>${msg('Book')}</button></p>` : nothing}
      </form>`;
  }

  private timePicker() {
    const zone = viewerZone();
    const byDay = new Map<string, Slot[]>();
    for (const slot of this.slots ?? []) {
      const day = dayKey(Date.parse(slot.start));
      byDay.set(day, [...(byDay.get(day) ?? []), slot]);
    }
    const dayTitle = new Intl.DateTimeFormat(getLocale(), { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
    const time = new Intl.DateTimeFormat(getLocale(), { hour: 'numeric', minute: '2-digit', timeZone: zone });
    return html`<fieldset>
      <legend>${msg('Time')} <span class="muted">(${zone})</span></legend>
      <div class="row">
        <button type="button" class="secondary" ?disabled=${this.from <= Date.now()} @click=${() => ((this.from = Math.max(Date.now(), this.from - WEEK)), void this.loadSlots())}>${msg('Earlier')}</button>
        <button type="button" class="secondary" @click=${() => ((this.from += WEEK), void this.loadSlots())}>${msg('Later')}</button>
      </div>
      ${this.slots === undefined
        ? html`<p class="muted" aria-busy="true">${msg('Loading…')}</p>`
        : byDay.size === 0
          ? html`<p class="muted">${msg('No free time this week.')}</p>`
          : html`<div class="days">
              ${[...byDay].map(
                ([day, slots]) => html`<div class="day" role="group" aria-label=${dayTitle.format(new Date(`${day}T12:00:00Z`))}>
                  <h3>${dayTitle.format(new Date(`${day}T12:00:00Z`))}</h3>
                  <div class="times">${slots.map((s) => html`<label><input type="radio" name="start" value=${s.start} required />${time.format(new Date(s.start))}</label>`)}</div>
                </div>`,
              )}
            </div>`}
    </fieldset>`;
  }

  private customer(entry: Entry) {
    return html`<fieldset>
      <legend>${msg('Customer')}</legend>
      <div class="fields">
        <label>${msg('Name')}<input name="name" required autocomplete="off" maxlength="200" /></label>
        <label>${msg('Email')}<input name="email" type="email" required autocomplete="off" /></label>
        <label>${msg('Phone')}<input name="phone" type="tel" autocomplete="off" /></label>
        <label>${msg('Customer’s time zone')}
          <select name="timezone">${Intl.supportedValuesOf('timeZone').map((zone) => html`<option ?selected=${zone === viewerZone()}>${zone}</option>`)}</select>
        </label>
        ${(entry.fields ?? []).map((field) => this.field(field))}
      </div>
    </fieldset>`;
  }

  private field(field: NonNullable<Entry['fields']>[number]) {
    const name = `answer.${field.id}`;
    switch (field.type) {
      case 'checkbox':
      case 'consent':
        return html`<label class="check"><input type="checkbox" name=${name} ?required=${field.required} /> ${field.label}</label>`;
      case 'select':
        return html`<label>${field.label}<select name=${name} ?required=${field.required}><option value=""></option>${(field.options ?? []).map((o) => html`<option value=${o.value}>${o.label}</option>`)}</select></label>`;
      case 'textarea':
        return html`<label>${field.label}<textarea name=${name} ?required=${field.required}></textarea></label>`;
      default:
        return html`<label>${field.label}<input name=${name} type=${field.type === 'phone' ? 'tel' : field.type} ?required=${field.required} /></label>`;
    }
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!form.reportValidity()) return;
    const data = new FormData(form);
    const answers: Record<string, string | boolean> = {};
    for (const field of this.entry?.fields ?? []) {
      const value = data.get(`answer.${field.id}`);
      if (field.type === 'checkbox' || field.type === 'consent') answers[field.id] = value === 'on';
      else if (typeof value === 'string' && value.trim()) answers[field.id] = value.trim();
    }
    const text = (key: string) => String(data.get(key) ?? '').trim();
    this.busy = true;
    this.error = '';
    try {
      const booked = await this.api.post<{ id: string }>('admin/bookings', {
        page: this.page!.page,
        event: this.event,
        start: text('start'),
        timezone: text('timezone'),
        locale: getLocale(),
        name: text('name'),
        email: text('email'),
        ...(text('phone') ? { phone: text('phone') } : {}),
        answers,
        idempotencyKey: this.idempotencyKey,
      });
      this.idempotencyKey = crypto.randomUUID();
      navigate(`/admin/bookings/${enc(booked.id)}`);
    } catch (error) {
      this.error =
        error instanceof ApiFailure && error.code === 'slot_unavailable'
          ? msg('That time was just taken. Choose another.')
          : error instanceof ApiFailure && Object.keys(error.fields).length
            ? Object.entries(error.fields).map(([field, problem]) => `${field}: ${problem}`).join('; ')
            : error instanceof Error
              ? error.message
              : String(error);
      if (error instanceof ApiFailure && error.code === 'slot_unavailable') void this.loadSlots();
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('kc-book', BookScreen);
