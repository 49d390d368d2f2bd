/** What the visitor need not retype: URL parameters, invite tokens, attributes, the JS API. */
import { expect, oneEvent } from '@open-wc/testing';
import type { BookingRequest } from '../../shared/api-schemas.js';
import { bookingRequest } from '../../widget/booking-request.js';
import { decodePersonalLink, prefillFromUrl, sourceFrom } from '../../widget/controllers/prefill.js';
import { fill, find, pickFirstDay, pickFirstSlot, submit, until, widget } from './widget-driver.js';

const base64url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Records the booking requests the widget sends, letting them through to the real server. */
function recordBookings(): { sent: BookingRequest[]; stop(): void } {
  const original = window.fetch;
  const sent: BookingRequest[] = [];
  window.fetch = (input, init) => {
    if (String(input).endsWith('/bookings') && init?.body) sent.push(JSON.parse(String(init.body)));
    return original(input, init);
  };
  return { sent, stop: () => (window.fetch = original) };
}

describe('prefill and source', () => {
  afterEach(() => history.replaceState(null, '', location.pathname));

  it('reads name, email, phone and kairos_<field> from the URL, and nothing else', () => {
    const values = prefillFromUrl(new URLSearchParams('name=Ana&email=a%40x.org&phone=123&kairos_company=Acme&kairos_invite=t&q=1'));
    expect(values).to.deep.equal({ name: 'Ana', email: 'a@x.org', phone: '123', company: 'Acme' });
  });

  it('records only the UTM parameters present, and the referrer', () => {
    const source = sourceFrom(new URLSearchParams('utm_source=news&utm_campaign=spring&utm_foo=x'), 'https://blog.example/');
    expect(source).to.deep.equal({ utm_source: 'news', utm_campaign: 'spring', referrer: 'https://blog.example/' });
  });

  it('decodes an invite token’s payload without judging its signature', () => {
    const token = `${base64url(JSON.stringify({ page: 'solo', event: 'consult', prefill: { name: 'Zoë Ångström' } }))}.sig`;
    // btoa needs bytes: encode the UTF-8 of the payload the way the server does.
    const utf8 = `${base64url(String.fromCharCode(...new TextEncoder().encode(JSON.stringify({ page: 'solo', prefill: { name: 'Zoë' } }))))}.sig`;
    expect(decodePersonalLink(token)).to.include({ page: 'solo', event: 'consult', token });
    expect(decodePersonalLink(utf8)!.prefill).to.deep.equal({ name: 'Zoë' });
    expect(decodePersonalLink('not a token')).to.equal(undefined);
  });

  it('builds the booking request: contact fields apart, answers, consent, source, personal link', () => {
    const request = bookingRequest({
      event: 'consult', start: '2026-12-01T09:00:00Z', timezone: 'Asia/Tokyo', locale: 'fr',
      values: { name: 'Ana', email: 'ana@x.org', phone: '+33 1', company: 'Acme', notes: '', consent: true },
      fields: [{ id: 'consent', type: 'consent', label: 'OK', required: true }],
      leadAnswers: { country: 'FR', name: 'Ana' }, source: { utm_source: 'news' }, personalLink: 'tok.sig', idempotencyKey: 'abcdefgh12',
    });
    expect(request).to.deep.equal({
      event: 'consult', start: '2026-12-01T09:00:00Z', timezone: 'Asia/Tokyo', locale: 'fr', name: 'Ana', email: 'ana@x.org',
      phone: '+33 1', answers: { country: 'FR', company: 'Acme', consent: true }, consent: true,
      source: { utm_source: 'news' }, personalLink: 'tok.sig', idempotencyKey: 'abcdefgh12',
    });
  });

  it('prefills from the URL, a signed invite, the prefill attribute and el.prefill(), strongest last', async () => {
    const link = await (await fetch('/api/v1/admin/links', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer widget-test-admin-key' },
      body: JSON.stringify({ page: 'solo', prefill: { email: 'invited@example.com', company: 'Invited Inc' } }),
    })).json();
    history.replaceState(null, '', `?name=Url+Name&kairos_company=Url+Co&kairos_notes=From+the+URL&utm_source=newsletter&utm_medium=email&kairos_invite=${link.token}`);
    const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC', prefill: JSON.stringify({ company: 'Attribute Co' }) });
    el.prefill({ name: 'Js Name' });
    await pickFirstDay(el);
    await pickFirstSlot(el);
    const value = (id: string) => find<HTMLInputElement>(el, `#field-${id}`)!.value;
    expect([value('name'), value('email'), value('company'), value('notes')]).to.deep.equal(
      ['Js Name', 'invited@example.com', 'Attribute Co', 'From the URL'],
    );
    const recorder = recordBookings();
    try {
      await fill(el, { consent: true });
      const booked = oneEvent(el, 'kairos-booked');
      submit(el);
      expect((await booked).detail.status).to.equal('confirmed');
    } finally {
      recorder.stop();
    }
    const [sent] = recorder.sent;
    expect(sent.source).to.deep.equal({ utm_source: 'newsletter', utm_medium: 'email' });
    expect(sent.personalLink).to.equal(link.token);
    expect(sent.idempotencyKey).to.match(/^[0-9a-f]{32}$/);
    expect(sent).to.include({ name: 'Js Name', email: 'invited@example.com', consent: true });
  });

  it('sends a retry of the same request with its key again, and a changed request with a new key', async () => {
    const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC' });
    await pickFirstDay(el);
    await pickFirstSlot(el);
    await fill(el, { name: 'Retry Visitor', email: 'retry@example.com', company: 'First Co', consent: true });
    const original = window.fetch;
    const keys: string[] = [];
    window.fetch = (input, init) => {
      if (!String(input).endsWith('/bookings') || !init?.body) return original(input, init);
      keys.push(JSON.parse(String(init.body)).idempotencyKey);
      // The first two answers are lost on the way back.
      return keys.length <= 2 ? Promise.reject(new TypeError('Failed to fetch')) : original(input, init);
    };
    try {
      submit(el);
      await until(() => keys.length === 1 && find(el, '[part~="error"]'), 'the first failure');
      submit(el);
      await until(() => keys.length === 2, 'the second request');
      // Its failure comes back on a later tick; the form takes a new submit once it is no longer busy.
      await new Promise((r) => setTimeout(r, 50));
      await until(() => !find(el, 'button[aria-busy="true"]'), 'the second failure');
      await fill(el, { company: 'Second Co' });
      const booked = oneEvent(el, 'kairos-booked');
      submit(el);
      expect((await booked).detail.status).to.equal('confirmed');
    } finally {
      window.fetch = original;
    }
    expect(keys[1]).to.equal(keys[0]);
    expect(keys[2]).to.not.equal(keys[0]);
  });

  it('opens prefilled from a lead form, asks only what it left unanswered, and sends its answers for routing', async () => {
    const form = document.createElement('form');
    form.id = 'lead';
    form.innerHTML = '<input name="name" value="Lead Name"><input name="email" value="lead@example.com"><input name="country" value="FR"><button>Go</button>';
    document.body.append(form);
    try {
      const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC', 'prefill-from': '#lead' });
      form.requestSubmit();
      expect(location.search).to.equal('');
      await pickFirstDay(el);
      await pickFirstSlot(el);
      // The lead form answered these: the booking form does not ask them twice.
      expect(find(el, '#field-name')).to.equal(null);
      expect(find(el, '#field-email')).to.equal(null);
      expect(find(el, '#field-company')).to.not.equal(null);
      const recorder = recordBookings();
      try {
        await fill(el, { company: 'Lead Co', consent: true });
        const booked = oneEvent(el, 'kairos-booked');
        submit(el);
        await booked;
      } finally {
        recorder.stop();
      }
      expect(recorder.sent[0].answers).to.include({ country: 'FR', company: 'Lead Co' });
      expect(recorder.sent[0]).to.include({ name: 'Lead Name', email: 'lead@example.com' });
      await until(() => find(el, 'kairos-confirmation'), 'the confirmation');
    } finally {
      form.remove();
    }
  });

  it('asks again for what a lead form answered wrongly', async () => {
    const form = document.createElement('form');
    form.id = 'lead-wrong';
    form.innerHTML = '<input name="name" value="Lead Name"><input name="email" value="not-an-address"><button>Go</button>';
    document.body.append(form);
    try {
      const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC', 'prefill-from': '#lead-wrong' });
      form.requestSubmit();
      await pickFirstDay(el);
      await pickFirstSlot(el);
      expect(find(el, '#field-name')).to.equal(null);
      expect(find<HTMLInputElement>(el, '#field-email')!.value).to.equal('not-an-address');
    } finally {
      form.remove();
    }
  });
});
