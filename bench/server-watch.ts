/**
 * What the server benchmark reads about a server process from outside it: memory and CPU time
 * from /proc, and the emails its outbox worker has written.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** VmRSS (now) and VmHWM (peak since start) of a process, in MiB. */
export function memory(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

/** CPU time (user + system) a process has used, in ms; /proc counts in USER_HZ ticks, 100 per second on Linux. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Emails the outbox worker has written so far (one `.eml` file each). */
export function emailsWritten(outboxDir: string): number {
  return existsSync(outboxDir) ? readdirSync(outboxDir).length : 0;
}

/**
 * Waits until the outbox worker has written everything queued so far, so it does not run during
 * a measurement: no new email for longer than the worker's 1-second poll.
 */
export async function outboxDrained(outboxDir: string): Promise<void> {
  let last = -1;
  for (let count = emailsWritten(outboxDir); count !== last; count = emailsWritten(outboxDir)) {
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
  }
}
