/** How a CalDAV write fails: sorted into "try again later" (no answer in time, 429, 5xx) or "no use" (401), the password never in the message. */
import { afterEach, describe, expect, it } from 'vitest';
import { putCaldavEvent } from '../../../server/integrations/calendar-write/caldav-write.js';
import { CalendarWriteError } from '../../../server/integrations/calendar-write/calendar-writer.js';
import { ProviderFake } from '../support/provider-fake.js';

const ics = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n';

describe('CalDAV write failures', () => {
  let fake: ProviderFake;
  afterEach(async () => fake?.close());
  const calendar = () => ({ type: 'caldav' as const, url: `${fake.url}/ana/work/`, username: 'ana', password: 'app-password' });
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as CalendarWriteError);

  it('gives up on a server that does not answer in time, as worth another try', async () => {
    fake = await new ProviderFake().start();
    fake.on('PUT', /\.ics$/, { status: 201, delayMs: 2_000 });
    const error = await failure(putCaldavEvent(calendar(), 'b1@kairos.test', ics, undefined, { timeoutMs: 300 }));
    expect(error).toBeInstanceOf(CalendarWriteError);
    expect(error).toMatchObject({ retryable: true, message: 'CalDAV PUT: no answer within 300 ms' });
  });

  it('keeps a 429’s Retry-After, retries a 503, and not a 401', async () => {
    fake = await new ProviderFake().start();
    fake.on('PUT', /\.ics$/, { status: 429, headers: { 'retry-after': '90' } }, { status: 503 }, { status: 401 });
    expect(await failure(putCaldavEvent(calendar(), 'b1@kairos.test', ics, undefined))).toMatchObject({ retryable: true, retryAfterMs: 90_000 });
    expect(await failure(putCaldavEvent(calendar(), 'b1@kairos.test', ics, undefined))).toMatchObject({ retryable: true });
    const refused = await failure(putCaldavEvent(calendar(), 'b1@kairos.test', ics, undefined));
    expect(refused).toMatchObject({ retryable: false, message: 'CalDAV PUT answered HTTP 401' });
    const [put] = fake.requests;
    expect(put!.url).toBe('/ana/work/b1%40kairos.test.ics');
    expect(put!.headers['if-none-match']).toBe('*');
  });
});
