/**
 * The email that carries a one-time sign-in link to the team console: to a person who asked for
 * it, or to a member an admin invited. The outbox row holds the link until it is sent (the worker
 * renders at sending time, like every email); `sentPayload` takes it out once it is.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { translator } from './catalogue.js';
import { escapeHtml, type EmailPayload } from './email.js';

export interface SignInEmail {
  kind: 'email';
  template: 'signIn';
  to: { name: string; email: string; locale: string };
  link: string;
  /** An admin's invitation rather than the person's own request: the text says so. */
  invited: boolean;
  publicUrl: string;
}

export function renderSignInEmail(row: SignInEmail): EmailPayload {
  const t = translator(row.to.locale);
  const site = new URL(row.publicUrl).host;
  const subject = t('email.signIn.subject', site);
  const intro = row.invited ? t('email.signIn.invited', site) : t('email.signIn.intro');
  const action = t('email.signIn.action');
  const footer = t('email.signIn.footer');
  return {
    to: { name: row.to.name, address: row.to.email },
    subject,
    text: [intro, '', `${action}: ${row.link}`, '', '--', footer].join('\n'),
    html: `<!doctype html>
<html lang="${escapeHtml(row.to.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f5f6f8;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24">
<div style="max-width:560px;margin:0 auto;padding:24px;background:#fff;border-radius:8px">
<p style="font-size:16px;line-height:1.5">${escapeHtml(intro)}</p>
<p style="margin-top:20px"><a href="${escapeHtml(row.link)}" style="display:inline-block;padding:10px 16px;border-radius:6px;background:#2f5bea;color:#fff;text-decoration:none">${escapeHtml(action)}</a></p>
<p style="margin-top:24px;font-size:12px;color:#777">${escapeHtml(footer)}</p>
</div></body></html>
`,
  };
}

/** Queues the email; sent by the worker like any other, with its retries. */
export async function enqueueSignInEmail(db: Kysely<Database>, email: Omit<SignInEmail, 'kind' | 'template'>, now: string): Promise<void> {
  const payload: SignInEmail = { kind: 'email', template: 'signIn', ...email };
  await db
    .insertInto('outbox')
    .values({ id: randomUUID(), kind: 'email', booking_id: null, topic: 'sign_in', payload: JSON.stringify(payload), due_at: now, status: 'pending', attempts: 0, created_at: now })
    .execute();
}
