/**
 * A real SMTP server that can hold what it is sent: while holding, it reads each message and
 * never answers, so the sender's delivery stays in flight (and its outbox claim with it) for as
 * long as the test likes. Every message received is noted by its Message-ID, held or not.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface HoldingSmtp {
  url: string;
  /** The local part of the Message-ID (Kairos puts the outbox row's id there) of every message received, in order, repeats included. */
  received: string[];
  /** The same, of the messages answered with 250 (accepted). */
  accepted: string[];
  /** Answers the messages held (to senders still connected) and accepts everything from now on. */
  release(): void;
  close(): Promise<void>;
}

export async function startHoldingSmtp(): Promise<HoldingSmtp> {
  let holding = true;
  const held: (() => void)[] = [];
  const received: string[] = [];
  const accepted: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // A held sender that was killed leaves its connection behind: closing must not wait on it.
    closeTimeout: 100,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const id = /^Message-ID:\s*<([^@>]+)@/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '(none)';
        received.push(id);
        const accept = () => {
          accepted.push(id);
          callback();
        };
        if (holding) held.push(accept);
        else accept();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    accepted,
    release() {
      holding = false;
      for (const accept of held.splice(0)) accept();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
