/**
 * What the visitor should not have to retype, and where the booking came from. Sources, weakest
 * first: the host page's URL (`name`, `email`, `phone`, `kairos_<field>`), a personal link's
 * `kairos_invite` token, the `prefill` attribute, then `el.prefill()` and a `prefill-from` lead form.
 * Besides field values, `date` opens the date step on that day.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export type Values = Record<string, string | boolean>;

export interface PersonalLink {
  /** The whole signed token, sent back as the booking's `personalLink` for the server to verify. */
  token: string;
  page?: string;
  event?: string;
  prefill: Values;
}

const sourceKeys = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];

export function prefillFromUrl(params: URLSearchParams): Values {
  const values: Values = {};
  for (const [key, value] of params) {
    if (key === 'name' || key === 'email' || key === 'phone') values[key] = value;
    else if (key.startsWith('kairos_') && key !== 'kairos_invite') values[key.slice(7)] = value;
  }
  return values;
}

/** The booking's `source`: UTM parameters and the referrer, only those present. */
export function sourceFrom(params: URLSearchParams, referrer: string): Record<string, string> {
  const source: Record<string, string> = {};
  for (const key of sourceKeys) {
    const value = params.get(key);
    if (value) source[key] = value;
  }
  if (referrer) source.referrer = referrer;
  return source;
}

/** Reads a `kairos_invite` token's payload; its signature is the server's business. */
export function decodePersonalLink(token: string): PersonalLink | undefined {
  try {
    const base64 = token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const payload = JSON.parse(json) as { page?: string; event?: string; prefill?: Values; exp?: number };
    return { token, page: payload.page, event: payload.event, prefill: payload.prefill ?? {} };
  } catch {
    return undefined;
  }
}

function parseObject(json: string | undefined): Values {
  try {
    const value: unknown = json ? JSON.parse(json) : {};
    return value && typeof value === 'object' ? (value as Values) : {};
  } catch {
    return {};
  }
}

/** Calendly's shape is taken too: `answers` (`{field id: value}`) beside the top-level values. */
function flatten({ answers, ...values }: Values & { answers?: unknown }): Values {
  return answers && typeof answers === 'object' ? { ...values, ...(answers as Values) } : values;
}

export interface PrefillHost extends ReactiveControllerHost, HTMLElement {
  prefillFrom?: string;
  /** The `prefill` attribute: a JSON object. */
  prefillJson?: string;
  /** A lead form was submitted into the widget: route by its answers and open. */
  leadSubmitted(): void;
}

export class PrefillController implements ReactiveController {
  /** Prefilled form values by field id (`name`, `email`, `phone` or a page field). */
  values: Values = {};
  /** A lead form's whole answers, sent for routing even when no field shows them. */
  answers: Values = {};
  source: Record<string, string> = {};
  personalLink?: PersonalLink;
  private form?: HTMLFormElement | null;

  constructor(private readonly host: PrefillHost) {
    host.addController(this);
  }

  hostConnected(): void {
    const params = new URLSearchParams(location.search);
    const token = params.get('kairos_invite');
    this.personalLink = token ? decodePersonalLink(token) : undefined;
    this.values = { ...prefillFromUrl(params), ...this.personalLink?.prefill, ...flatten(parseObject(this.host.prefillJson)), ...this.values };
    this.source = sourceFrom(params, document.referrer);
    if (this.host.prefillFrom) {
      this.form = document.querySelector<HTMLFormElement>(this.host.prefillFrom);
      this.form?.addEventListener('submit', this.onSubmit);
    }
  }

  hostDisconnected(): void {
    this.form?.removeEventListener('submit', this.onSubmit);
  }

  /** The day the date step opens on (`date`, `YYYY-MM-DD`), when one was prefilled. */
  get date(): string | undefined {
    const { date } = this.values;
    return typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
  }

  add(values: Values): void {
    this.values = { ...this.values, ...flatten(values) };
    this.host.requestUpdate();
  }

  private onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const answers: Values = {};
    for (const [key, value] of new FormData(this.form!)) if (typeof value === 'string') answers[key] = value;
    this.answers = answers;
    this.add(answers);
    this.host.leadSubmitted();
  };
}
