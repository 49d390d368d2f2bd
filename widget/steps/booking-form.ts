/**
 * Step 3: who is booking. The visitor's name and email, then the entry's own fields, prefilled
 * where the site already knows the answer. Validation speaks the visitor's language (the browser's
 * own bubbles speak the browser's) and runs on leaving a field and on submit; the server's field
 * errors land on the same fields.
 */
import { LitElement, html, nothing } from 'lit';
import { msg, str } from '@lit/localize';
import type { PageField } from '../../shared/api-schemas.js';
import { isEmailAddress, isPhoneNumber, maxLength } from '../../shared/field-rules.js';
import { guestList } from '../booking-request.js';
import type { Values } from '../controllers/prefill.js';
import { emit } from '../emit.js';

/** The server's limits per field type, so the visitor can't type past them. */
const maxLengthOf: Partial<Record<PageField['type'], number>> = { text: maxLength.text, email: maxLength.email, phone: maxLength.phone };

export function formHeading(): string {
  return msg('Your details', { id: 'form.heading' });
}

/**
 * @fires book - the form is valid; `detail` holds the values by field id.
 * @fires back - the visitor wants another time.
 * @fires invalid - a submit was refused; the first faulty field has focus.
 */
export class BookingForm extends LitElement {
  static override properties = {
    fields: { attribute: false },
    prefill: { attribute: false },
    answered: { attribute: false },
    serverErrors: { attribute: false },
    values: { state: true },
    errors: { state: true },
    summary: {},
    held: {},
    guests: { type: Number },
    busy: { type: Boolean },
    locale: {},
  };
  /** The entry's fields, after the always-present name and email. */
  declare fields: PageField[];
  /** What the site already knows, by field id; what the visitor typed wins. */
  declare prefill: Values;
  /** A lead form's answers by field id: a field it answered is not asked again, unless the answer needs correcting. */
  declare answered: Values;
  /** The server's refusals by field id (its wording is English; the visitor is told in theirs). */
  declare serverErrors: Record<string, string>;
  declare values: Values;
  /** Messages by field id, from validation or from the server. */
  declare errors: Record<string, string>;
  /** What and when, as the visitor chose it. */
  declare summary: string;
  /**
   * That the time is held for the visitor, and until when; empty while the hold is on its way (its
   * room is kept, so the fields do not move when it comes); left out when there is none.
   */
  declare held?: string;
  /** How many guests' addresses the entry takes (0: the form asks for none). */
  declare guests: number;
  declare busy: boolean;
  declare locale: string;

  constructor() {
    super();
    this.prefill = this.values = this.answered = {};
    this.serverErrors = this.errors = {};
    this.busy = false;
    this.guests = 0;
  }

  protected override createRenderRoot() {
    return this;
  }

  // The parent re-sends its objects on every render (Lit sets object bindings each time), so
  // only a new object counts as news: typed values and shown errors survive other renders.
  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('prefill')) this.values = { ...this.prefill, ...this.values };
    if (changed.has('serverErrors')) {
      this.errors = Object.fromEntries(
        Object.keys(this.serverErrors).map((id) => {
          const f = this.allFields.find((x) => x.id === id);
          const value = this.values[id] ?? '';
          return [id, (f && this.problem(f, value)) ?? msg('This answer was not accepted. Please check it.', { id: 'form.rejected' })];
        }),
      );
    }
  }

  /** Name and email first, then the page's fields (a page may define its own `phone`). */
  private get allFields(): PageField[] {
    const own = this.fields.filter((f) => f.id !== 'name' && f.id !== 'email');
    return [
      { id: 'name', type: 'text', label: msg('Your name', { id: 'form.name' }), required: true },
      { id: 'email', type: 'email', label: msg('Email address', { id: 'form.email' }), required: true },
      ...own,
      ...(this.guests
        ? [{ id: 'guests', type: 'email', label: msg('Add guests (email addresses, separated by commas)', { id: 'form.guests' }), required: false } as const]
        : []),
    ];
  }

  protected override render() {
    return html`<h2 tabindex="-1">${formHeading()}</h2>
      <p class="summary">${this.summary}</p>
      ${this.held === undefined ? nothing : html`<p class="notice ${this.held ? '' : 'skeleton-text'}" part="notice held">${this.held || '\u00a0'}</p>`}
      <form novalidate @submit=${this.submit} @focusout=${this.onLeave} @input=${this.onInput}>
        ${this.allFields.filter((f) => !this.answered[f.id] || this.errors[f.id] || this.problem(f, this.answered[f.id])).map((f) => this.renderField(f))}
        <div class="actions">
          <button type="button" part="button back" class="secondary" @click=${() => emit(this, 'back')}>
            ${msg('Back', { id: 'form.back' })}
          </button>
          <button type="submit" part="button submit" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}>
            ${this.busy ? msg('Booking…', { id: 'form.busy' }) : msg('Confirm booking', { id: 'form.submit' })}
          </button>
        </div>
      </form>`;
  }

  private renderField(f: PageField) {
    const id = `field-${f.id}`;
    const error = this.errors[f.id];
    const value = this.values[f.id];
    const common = {
      invalid: error ? 'true' : 'false',
      describedby: error ? `${id}-error` : undefined,
    };
    const errorText = error ? html`<span class="error" id="${id}-error">${error}</span>` : nothing;
    if (f.type === 'checkbox' || f.type === 'consent') {
      return html`<div class="field check">
        <input id=${id} part="field" name=${f.id} type="checkbox" .checked=${value === true || value === 'true' || value === 'on'}
          ?required=${f.required} aria-invalid=${common.invalid} aria-describedby=${common.describedby ?? nothing} />
        <label for=${id}>${f.label}${f.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
        ${errorText}
      </div>`;
    }
    const label = html`<label for=${id}>${f.label}${f.required ? html`<span aria-hidden="true"> *</span>` : nothing}</label>`;
    // `prefill` may list guests as an array.
    const text = typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : '';
    const input =
      f.type === 'textarea'
        ? html`<textarea id=${id} part="field" name=${f.id} rows="3" maxlength=${maxLength.answer} ?required=${f.required} aria-invalid=${common.invalid}
            aria-describedby=${common.describedby ?? nothing} .value=${text}></textarea>`
        : f.type === 'select'
          ? html`<select id=${id} part="field" name=${f.id} ?required=${f.required} aria-invalid=${common.invalid}
              aria-describedby=${common.describedby ?? nothing}>
              <option value="">${msg('Choose…', { id: 'form.choose' })}</option>
              ${f.options?.map((o) => html`<option value=${o.value} ?selected=${o.value === text}>${o.label}</option>`)}
            </select>`
          : html`<input id=${id} part="field" name=${f.id} ?required=${f.required} aria-invalid=${common.invalid}
              aria-describedby=${common.describedby ?? nothing} .value=${text} maxlength=${f.id === 'name' ? maxLength.name : (maxLengthOf[f.type] ?? nothing)}
              type=${f.type === 'phone' ? 'tel' : f.type === 'email' ? 'email' : 'text'}
              autocomplete=${f.id === 'name' ? 'name' : f.type === 'email' ? 'email' : f.type === 'phone' ? 'tel' : 'off'} />`;
    return html`<div class="field">${label}${input}${errorText}</div>`;
  }

  /** The form's current values by field id: strings, and booleans for checkboxes. */
  read(): Values {
    const values: Values = {};
    for (const f of this.allFields) {
      const el = this.querySelector<HTMLInputElement>(`#field-${f.id}`);
      values[f.id] = !el ? (this.values[f.id] ?? '') : f.type === 'checkbox' || f.type === 'consent' ? el.checked : el.value.trim();
    }
    return values;
  }

  private problem(f: PageField, value: string | boolean): string | undefined {
    if (f.required && (value === '' || value === false)) {
      return f.type === 'consent'
        ? msg('Please accept to continue.', { id: 'form.consentRequired' })
        : msg('Please fill in this field.', { id: 'form.required' });
    }
    if (f.id === 'guests') {
      const list = guestList(value);
      if (list.length > this.guests) return msg(str`At most ${this.guests} guests.`, { id: 'form.tooManyGuests' });
      value = list.find((g) => !isEmailAddress(g)) ?? '';
    }
    if (f.type === 'email' && value && !isEmailAddress(String(value))) {
      return msg('Please enter a valid email address.', { id: 'form.invalidEmail' });
    }
    if (f.type === 'phone' && value && !isPhoneNumber(String(value))) {
      return msg('Please enter a valid phone number.', { id: 'form.invalidPhone' });
    }
    return undefined;
  }

  private onLeave = (event: FocusEvent): void => {
    const id = (event.target as HTMLElement).id?.replace(/^field-/, '');
    const f = this.allFields.find((x) => x.id === id);
    if (!f) return;
    this.values = { ...this.values, ...this.read() };
    const problem = this.problem(f, this.values[f.id]);
    // Only complain about a field once it has something in it or was already flagged.
    if (problem && this.values[f.id] === '' && !this.errors[f.id]) return;
    this.errors = { ...this.errors, [f.id]: problem ?? '' };
  };

  // A flagged field is re-checked while it is corrected, and cleared as soon as it is right, not
  // when it is left: leaving happens on the mousedown of the next click, and a message vanishing
  // then moves the form under the pointer, so the click lands elsewhere (a checkbox stays unchecked).
  private onInput = (event: Event): void => {
    const id = (event.target as HTMLElement).id?.replace(/^field-/, '');
    const f = this.allFields.find((x) => x.id === id);
    if (!f || !this.errors[f.id]) return;
    this.errors = { ...this.errors, [f.id]: this.problem(f, this.read()[f.id]) ?? '' };
  };

  private submit = (event: SubmitEvent): void => {
    event.preventDefault();
    this.values = this.read();
    const errors: Record<string, string> = {};
    for (const f of this.allFields) {
      const problem = this.problem(f, this.values[f.id]);
      if (problem) errors[f.id] = problem;
    }
    this.errors = errors;
    const first = this.allFields.find((f) => errors[f.id]);
    if (first) {
      emit(this, 'invalid');
      void this.updateComplete.then(() => this.querySelector<HTMLElement>(`#field-${first.id}`)?.focus());
      return;
    }
    emit(this, 'book', this.values);
  };
}
customElements.define('kairos-booking-form', BookingForm);
