/**
 * The process's logger. No code logs a secret on purpose (a calendar's failure names its origin, a
 * request line its path without the query); the redaction is the net below that: any object
 * logged with a `password`, `secret`, `clientSecret`, `refreshToken`, an `authorization` header or
 * a config's secrets, up to three levels down, has them replaced by `"********"`.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

const secretKeys = ['password', 'secret', 'clientSecret', 'client_secret', 'refreshToken', 'refresh_token', 'accessToken', 'access_token', 'authToken', 'authorization'];

export const redactedPaths = [
  ...secretKeys.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]),
  'members[*].calendars[*].password',
  'webhooks[*].secret',
  '*.members[*].calendars[*].password',
  '*.webhooks[*].secret',
  '*.calendars[*].password',
  'calendars[*].password',
];

export function kairosLogger(options: { level?: string } = {}, destination?: DestinationStream): Logger {
  const settings = { name: 'kairos', level: options.level ?? 'info', redact: { paths: redactedPaths, censor: '********' } };
  return destination ? pino(settings, destination) : pino(settings);
}
