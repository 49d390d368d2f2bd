/**
 * Error states that a healthy server does not produce on demand (rate limiting, a server-side field
 * refusal, an unreachable API): these stub `fetch` for the one request concerned.
 */
import { expect, oneEvent } from '@open-wc/testing';
import { fill, find, pickFirstDay, pickFirstSlot, submit, until, widget } from './widget-driver.js';

function answerBookingsWith(status: number, body: object): () => void {
  const original = window.fetch;
  window.fetch = (input, init) =>
    String(input).endsWith('/bookings') && init?.method === 'POST'
      ? Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }))
      : original(input, init);
  return () => (window.fetch = original);
}

async function atTheForm() {
  const el = await widget({ page: 'solo', locale: 'en-US', timezone: 'UTC' });
  await pickFirstDay(el);
  await pickFirstSlot(el);
  await fill(el, { name: 'Ana', email: 'ana@example.com', company: 'Acme', consent: true });
  return el;
}

describe('error states', () => {
  it('validates inline in the visitor’s language before sending anything', async () => {
    const el = await widget({ page: 'solo', locale: 'de', timezone: 'UTC' });
    await pickFirstDay(el);
    await pickFirstSlot(el);
    await fill(el, { name: 'Ana', email: 'not-an-email' });
    const invalid = oneEvent(find(el, 'kairos-booking-form')!, 'invalid');
    submit(el);
    await invalid;
    // Later renders of the widget (its live region speaks now) must not wipe the errors.
    await new Promise((r) => setTimeout(r, 50));
    await until(() => find(el, '#field-email-error'), 'the email error');
    expect(find(el, '#field-email-error')!.textContent).to.equal('Bitte geben Sie eine gültige E-Mail-Adresse ein.');
    expect(find(el, '#field-company-error')!.textContent).to.equal('Bitte füllen Sie dieses Feld aus.');
    expect(find(el, '#field-consent-error')!.textContent).to.equal('Bitte stimmen Sie zu, um fortzufahren.');
    expect(find(el, '#field-email')!.getAttribute('aria-describedby')).to.equal('field-email-error');
    expect(el.shadowRoot!.activeElement).to.equal(find(el, '#field-email'));
  });

  it('puts the real server’s field errors on their fields, in the visitor’s language', async () => {
    const el = await widget({ page: 'solo', locale: 'de', timezone: 'UTC' });
    await pickFirstDay(el);
    await pickFirstSlot(el);
    // Past the server's 500 characters (a script can set what `maxlength` stops a visitor typing).
    await fill(el, { name: 'Ana', email: 'ana@example.com', company: 'A'.repeat(501), consent: true });
    const failed = oneEvent(el, 'kairos-error');
    submit(el);
    expect((await failed).detail.code).to.equal('validation_failed');
    await until(() => find(el, '#field-company-error'), 'the company error');
    expect(find(el, '#field-company-error')!.textContent).to.equal('Diese Angabe wurde nicht angenommen. Bitte prüfen Sie sie.');
    expect(find(el, '#field-company')!.getAttribute('aria-invalid')).to.equal('true');
    expect(find(el, '#field-email-error')).to.equal(null);
  });

  it('asks the visitor to wait when rate limited, and keeps the form', async () => {
    const el = await atTheForm();
    const restore = answerBookingsWith(429, { error: { code: 'rate_limited', message: 'slow down' } });
    try {
      submit(el);
      const alert = await until(() => find(el, '[role="alert"]'), 'the alert');
      expect(alert.textContent).to.contain('Too many attempts');
      expect(find(el, 'kairos-booking-form')).to.not.equal(null);
    } finally {
      restore();
    }
  });

  it('says so when the page does not exist', async () => {
    const el = document.createElement('kairos-booking');
    el.setAttribute('page', 'no-such-page');
    const failed = oneEvent(el, 'kairos-error');
    document.body.append(el);
    try {
      expect((await failed).detail.code).to.equal('not_found');
      const alert = await until(() => find(el, '[role="alert"]'), 'the alert');
      expect(alert.textContent).to.equal('This booking page does not exist.');
    } finally {
      el.remove();
    }
  });
});
