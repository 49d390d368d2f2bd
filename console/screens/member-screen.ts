/**
 * `<kc-member>`: one member's own page: their weekly hours, date overrides and time zone
 * (`GET`/`PUT …/members/{member}/schedule`; the next slots follow at once), their calendar
 * connections with "test connection" (`POST …/members/{member}/calendar-test`), and their own
 * counts per week (`GET …/members/{member}/stats`). A member sees only their own; an admin anyone's.
 */
import { html, css, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import { ApiFailure, enc } from '../api.js';
import { dateTime, viewerZone } from '../format.js';
import { Screen } from '../screen.js';
import type { CalendarConnection, CalendarTest, MemberStats, Schedule } from '../types.js';
import '../week-chart.js';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof weekdays)[number];
type Range = [string, string];

/** The weekday's name in the console's language ("Monday"), from a Monday-first index. */
function weekdayName(index: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + index)));
}

export class MemberScreen extends Screen {
  static override styles = [
    Screen.styles,
    css`
      .card + .card { margin-top: 16px; }
      .day { display: grid; grid-template-columns: 8em 1fr; gap: 8px; padding: 8px 0; border-bottom: 1px solid var(--_line); align-items: start; }
      .ranges { display: grid; gap: 6px; }
      .range { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
      .override { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; padding: 6px 0; border-bottom: 1px solid var(--_line); }
      .calendar { display: grid; gap: 8px; padding: 8px 0; border-bottom: 1px solid var(--_line); }
      .calendar .url { flex: 1 1 20rem; }
      .calendar .url input { width: 100%; }
      .sticky { position: sticky; bottom: 0; background: var(--_bg); padding: 12px 0; border-top: 1px solid var(--_line); margin-top: 12px; }
      @media (max-width: 600px) { .day { grid-template-columns: 1fr; } }
    `,
  ];
  static override properties = {
    ...Screen.properties,
    memberId: { attribute: false },
    schedule: { state: true },
    stats: { state: true },
    tests: { state: true },
    error: { state: true },
    saved: { state: true },
    dirty: { state: true },
  };
  declare memberId: string;
  declare schedule: Schedule | undefined;
  declare stats: MemberStats | undefined;
  declare tests: Map<number, CalendarTest | 'testing'>;
  declare error: string;
  declare saved: string;
  declare dirty: boolean;

  constructor() {
    super();
    this.tests = new Map();
    this.error = '';
    this.saved = '';
    this.dirty = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('memberId')) void this.load().then(() => this.focusHeading());
  }

  private async load(): Promise<void> {
    this.schedule = undefined;
    try {
      const [schedule, stats] = await Promise.all([
        this.api.get<Schedule>(`admin/members/${enc(this.memberId)}/schedule`),
        this.api.get<MemberStats>(`admin/members/${enc(this.memberId)}/stats`, { timezone: viewerZone() }).catch(() => undefined),
      ]);
      this.schedule = schedule;
      this.stats = stats;
      this.dirty = false;
      this.error = '';
    } catch (error) {
      this.error = error instanceof ApiFailure && error.status === 404 ? msg('There is no such member, or it is not you.') : String(error instanceof Error ? error.message : error);
    }
  }

  private get own(): boolean {
    return this.session.person.id === this.memberId && !this.isAdmin;
  }

  override render() {
    const name = this.directory.memberName(this.memberId);
    if (!this.schedule) {
      return html`<h1 tabindex="-1">${this.own ? msg('My schedule') : name}</h1>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : html`<p class="muted" aria-busy="true">${msg('Loading…')}</p>`}`;
    }
    const s = this.schedule;
    return html`<h1 tabindex="-1">${this.own ? msg('My schedule') : name}</h1>
      <p class="muted">${msg('When you can be booked. Changes apply to the very next booking.')}</p>
      <form @submit=${this.save} @input=${() => ((this.dirty = true), (this.saved = ''))}>
        <section class="card" aria-labelledby="hours">
          <h2 id="hours">${msg('Weekly hours')}</h2>
          <label>${msg('Time zone')}
            <select name="timezone" @change=${(e: Event) => this.change({ timezone: (e.target as HTMLSelectElement).value })}>
              ${zones(s.timezone).map((zone) => html`<option ?selected=${zone === s.timezone}>${zone}</option>`)}
            </select>
          </label>
          ${weekdays.map((day, index) => this.dayRow(day, index))}
        </section>
        <section class="card" aria-labelledby="overrides">
          <h2 id="overrides">${msg('Date overrides')}</h2>
          <p class="muted">${msg('A day off, or other hours on one date.')}</p>
          ${s.overrides.map((o, i) => this.overrideRow(o, i))}
          <p><button type="button" class="secondary" @click=${this.addOverride}>${msg('Add a date')}</button></p>
        </section>
        <section class="card" aria-labelledby="calendars">
          <h2 id="calendars">${msg('Calendars')}</h2>
          <p class="muted">${msg('Busy times in these calendars are not offered to visitors: an ICS feed, a CalDAV calendar, Google Calendar or Microsoft 365.')}</p>
          ${s.calendars.map((c, i) => this.calendarRow(c, i))}
          <p><button type="button" class="secondary" @click=${this.addCalendar}>${msg('Connect a calendar')}</button></p>
        </section>
        <div class="sticky row">
          <button type="submit" ?disabled=${!this.dirty}>${msg('Save')}</button>
          <span role="status" aria-live="polite">${this.saved}</span>
          ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}
        </div>
      </form>
      ${this.stats ? this.statsCard(this.stats) : nothing}`;
  }

  private change(patch: Partial<Schedule>): void {
    this.schedule = { ...this.schedule!, ...patch };
    this.dirty = true;
    this.saved = '';
  }

  private dayRow(day: Weekday, index: number) {
    const ranges = (this.schedule!.weekly[day] ?? []) as Range[];
    const label = weekdayName(index, document.documentElement.lang || 'en-US');
    const setRanges = (next: Range[]) => this.change({ weekly: { ...this.schedule!.weekly, [day]: next } });
    return html`<div class="day" role="group" aria-label=${label}>
      <strong>${label}</strong>
      <div class="ranges">
        ${ranges.length ? nothing : html`<span class="muted">${msg('Not available')}</span>`}
        ${ranges.map(
          (range, i) => html`<div class="range">
            ${this.timeInput(range[0], msg(str`${label}: from`), (v) => setRanges(ranges.map((r, j) => (j === i ? [v, r[1]] : r))))}
            –
            ${this.timeInput(range[1], msg(str`${label}: until`), (v) => setRanges(ranges.map((r, j) => (j === i ? [r[0], v] : r))))}
            <button type="button" class="link" aria-label=${msg(str`Remove these hours on ${label}`)} @click=${() => setRanges(ranges.filter((_, j) => j !== i))}>${msg('Remove')}</button>
          </div>`,
        )}
        <span><button type="button" class="link" @click=${() => setRanges([...ranges, nextRange(ranges)])}>${msg(str`Add hours on ${label}`)}</button></span>
      </div>
    </div>`;
  }

  private timeInput(value: string, label: string, set: (value: string) => void) {
    return html`<input type="time" required .value=${value === '24:00' ? '23:59' : value} aria-label=${label} @change=${(e: Event) => set((e.target as HTMLInputElement).value)} />`;
  }

  private overrideRow(override: Schedule['overrides'][number], index: number) {
    const overrides = this.schedule!.overrides;
    const set = (next: Schedule['overrides'][number]) => this.change({ overrides: overrides.map((o, i) => (i === index ? next : o)) });
    const off = override.intervals.length === 0;
    return html`<div class="override">
      <input type="date" required .value=${override.date} aria-label=${msg('Date')} @change=${(e: Event) => set({ ...override, date: (e.target as HTMLInputElement).value })} />
      <label class="row"><input type="checkbox" .checked=${off} @change=${(e: Event) => set({ ...override, intervals: (e.target as HTMLInputElement).checked ? [] : [['09:00', '17:00']] })} /> ${msg('Day off')}</label>
      ${off
        ? nothing
        : override.intervals.map(
            (range, i) => html`<span class="range">
              ${this.timeInput(range[0], msg(str`${override.date}: from`), (v) => set({ ...override, intervals: override.intervals.map((r, j) => (j === i ? [v, r[1]] : r)) }))}
              –
              ${this.timeInput(range[1], msg(str`${override.date}: until`), (v) => set({ ...override, intervals: override.intervals.map((r, j) => (j === i ? [r[0], v] : r)) }))}
            </span>`,
          )}
      <button type="button" class="link" @click=${() => this.change({ overrides: overrides.filter((_, i) => i !== index) })}>${msg('Remove')}</button>
    </div>`;
  }

  private addOverride = () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    const date = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    this.change({ overrides: [...this.schedule!.overrides, { date, intervals: [] }] });
  };

  private calendarRow(calendar: CalendarConnection, index: number) {
    const calendars = this.schedule!.calendars;
    const set = (next: CalendarConnection) => {
      this.change({ calendars: calendars.map((c, i) => (i === index ? next : c)) });
      this.tests = new Map([...this.tests].filter(([i]) => i !== index));
    };
    const test = this.tests.get(index);
    return html`<div class="calendar">
      <div class="row">
        <label>${msg('Kind')}
          <select @change=${(e: Event) => set(ofKind((e.target as HTMLSelectElement).value as CalendarConnection['type'], calendar))}>
            <option value="ics" ?selected=${calendar.type === 'ics'}>${msg('ICS feed')}</option>
            <option value="caldav" ?selected=${calendar.type === 'caldav'}>CalDAV</option>
            <option value="google" ?selected=${calendar.type === 'google'}>Google Calendar</option>
            <option value="microsoft" ?selected=${calendar.type === 'microsoft'}>Microsoft 365</option>
          </select>
        </label>
        ${where(calendar, set)}
      </div>
      ${calendar.type === 'caldav'
        ? html`<div class="row">
            <label>${msg('User name')}<input autocomplete="off" .value=${calendar.username ?? ''} @change=${(e: Event) => set({ ...calendar, username: (e.target as HTMLInputElement).value || undefined })} /></label>
            <label>${msg('Password')}<input type="password" autocomplete="new-password" .value=${calendar.password ?? ''} @change=${(e: Event) => set({ ...calendar, password: (e.target as HTMLInputElement).value || undefined })} /></label>
          </div>`
        : nothing}
      <div class="row">
        <button type="button" class="secondary" ?disabled=${test === 'testing' || ('url' in calendar && !calendar.url)} @click=${() => this.testCalendar(index)}>${msg('Test connection')}</button>
        <button type="button" class="link" @click=${() => this.change({ calendars: calendars.filter((_, i) => i !== index) })}>${msg('Remove')}</button>
        <span role="status" aria-live="polite">${this.testResult(test)}</span>
      </div>
    </div>`;
  }

  private testResult(test: CalendarTest | 'testing' | undefined) {
    if (!test) return nothing;
    if (test === 'testing') return msg('Testing…');
    if (!test.ok) return html`<span class="error">${calendarFailure(test.error)}</span>`;
    if (!test.busy) return msg('Connected. It has no busy time in the next 14 days.');
    return msg(str`Connected. ${test.busy} busy times in the next 14 days, the first ${dateTime(test.first!.start)}.`);
  }

  private addCalendar = () => this.change({ calendars: [...this.schedule!.calendars, { type: 'ics', url: '' }] });

  private async testCalendar(index: number): Promise<void> {
    this.tests = new Map(this.tests).set(index, 'testing');
    let result: CalendarTest;
    try {
      result = await this.api.post<CalendarTest>(`admin/members/${enc(this.memberId)}/calendar-test`, { calendar: this.schedule!.calendars[index] });
    } catch (error) {
      this.tests = new Map([...this.tests].filter(([i]) => i !== index));
      this.error = error instanceof ApiFailure && Object.keys(error.fields).length ? Object.values(error.fields).join('; ') : String(error instanceof Error ? error.message : error);
      return;
    }
    this.tests = new Map(this.tests).set(index, result);
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!form.reportValidity()) return;
    try {
      this.schedule = await this.api.put<Schedule>(`admin/members/${enc(this.memberId)}/schedule`, this.schedule);
      this.dirty = false;
      this.error = '';
      this.saved = msg('Saved. The next free times follow these hours.');
    } catch (error) {
      this.error = error instanceof ApiFailure && error.fields && Object.keys(error.fields).length
        ? Object.entries(error.fields).map(([field, problem]) => `${field}: ${problem}`).join('; ')
        : String(error instanceof Error ? error.message : error);
    }
  }

  private statsCard({ member: stats, weeks }: MemberStats) {
    return html`<section class="card" aria-labelledby="counts">
      <h2 id="counts">${msg('Meetings, last four weeks')}</h2>
      <dl>
        <dt>${msg('Assigned')}</dt><dd>${stats.assigned}</dd>
        <dt>${msg('Cancelled')}</dt><dd>${stats.cancelled}</dd>
        <dt>${msg('Reassigned away')}</dt><dd>${stats.reassignedAway}</dd>
        <dt>${msg('No-shows')}</dt><dd>${stats.noShows}</dd>
        <dt>${msg('Last assigned')}</dt><dd>${stats.lastAssignedAt ? dateTime(stats.lastAssignedAt) : '—'}</dd>
      </dl>
      <kc-week-chart .weeks=${weeks} .members=${[{ id: this.memberId, name: this.directory.memberName(this.memberId) }]}></kc-week-chart>
    </section>`;
  }
}

/** Where the calendar is: a URL, or for Google and Microsoft 365 the calendar id or user (the member's email when empty). */
function where(calendar: CalendarConnection, set: (next: CalendarConnection) => void) {
  if (calendar.type === 'google' || calendar.type === 'microsoft') {
    const type = calendar.type;
    return html`<label class="url">${msg('Calendar id or email (empty: the member’s email)')}<input autocomplete="off" .value=${calendar.id ?? ''} @change=${(e: Event) => set({ type, id: (e.target as HTMLInputElement).value.trim() || undefined })} /></label>`;
  }
  return html`<label class="url">${msg('Address (URL)')}<input type="url" required .value=${calendar.url} @change=${(e: Event) => set({ ...calendar, url: (e.target as HTMLInputElement).value })} /></label>`;
}

/** `calendar` as another kind: a URL carries over between ICS and CalDAV, nothing to or from Google or Microsoft 365. */
function ofKind(type: CalendarConnection['type'], calendar: CalendarConnection): CalendarConnection {
  if (type === 'google' || type === 'microsoft') return { type };
  return { type, url: 'url' in calendar ? calendar.url : '' };
}

/** What a calendar test found wrong, in words. */
function calendarFailure(code: string): string {
  const words: Record<string, string> = {
    not_found: msg('Nothing was found at that address.'),
    auth_refused: msg('The calendar refused the user name or password.'),
    not_a_calendar: msg('That address answers, but not with a calendar.'),
    too_large: msg('That calendar is too large to read (over 16 MiB).'),
    unreachable: msg('The calendar’s server could not be reached.'),
    timed_out: msg('The calendar’s server took too long to answer.'),
    not_set_up: msg('This server has no credentials for that provider yet.'),
  };
  return words[code] ?? code;
}

/** The hours after the day's last ones, one hour long, for "Add hours". */
function nextRange(ranges: Range[]): Range {
  const last = ranges.at(-1)?.[1];
  if (!last) return ['09:00', '17:00'];
  const hour = Math.min(23, Number(last.slice(0, 2)) + 1);
  return [`${String(hour).padStart(2, '0')}:00`, hour === 23 ? '23:59' : `${String(hour + 1).padStart(2, '0')}:00`];
}

/** Every IANA zone the browser knows, the member's own first if the browser lacks it. */
function zones(current: string): string[] {
  const known = Intl.supportedValuesOf('timeZone');
  return known.includes(current) ? known : [current, ...known];
}

customElements.define('kc-member', MemberScreen);
