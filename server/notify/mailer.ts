/**
 * Sends a rendered email: over SMTP when `smtpUrl` is set, otherwise as an `.eml` file in
 * `outboxDir` (the default for a fresh install, so nothing is lost and everything can be read).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { EmailPayload } from './email.js';

export interface Mailer {
  /** `id` (the outbox row's) makes the Message-ID, so a resend after a crash is recognisably the same mail. */
  send(id: string, email: EmailPayload): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl?: string;
  outboxDir?: string;
  mailFrom: string;
  publicUrl: string;
}

export function createMailer(options: MailerOptions): Mailer {
  const host = new URL(options.publicUrl).hostname;
  const message = (id: string, email: EmailPayload) => ({
    from: options.mailFrom,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: `<${id}@${host}>`,
    ...(email.invite ? { icalEvent: { method: email.invite.method, filename: 'invite.ics', content: email.invite.content } } : {}),
  });

  if (options.smtpUrl) {
    // Short timeouts: a down server should fail this attempt quickly and be retried later.
    const transport = nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    return {
      async send(id, email) {
        await transport.sendMail(message(id, email));
      },
      close: () => transport.close(),
    };
  }

  const dir = options.outboxDir ?? './data/outbox/';
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(id, email) {
      const info = await transport.sendMail(message(id, email));
      await mkdir(dir, { recursive: true });
      // Named by outbox row: a retry overwrites the same file instead of adding a twin.
      await writeFile(join(dir, `${id}.eml`), info.message as Buffer);
    },
    close: () => transport.close(),
  };
}
