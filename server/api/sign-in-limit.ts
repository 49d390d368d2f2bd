/**
 * How often sign-in links may be asked for: per email address (so nobody floods one inbox) and
 * per client IP (so nobody sprays addresses). Counted whether or not the address is known, so
 * the limit tells nothing about which addresses are. In memory, per process, like `rate-limit.ts`.
 */
import { requestWindows } from './request-windows.js';

const WINDOW = 15 * 60_000;
export const LINKS_PER_ADDRESS = 5;
export const LINKS_PER_IP = 30;

export function signInLimit(now: () => number) {
  const count = requestWindows(WINDOW);
  const message = 'too many sign-in links asked for; try again later';
  /** Counts one request for a link; throws `429 rate_limited` over either limit. */
  return (ip: string, email: string) => {
    const at = now();
    count(`ip:${ip}`, LINKS_PER_IP, at, message);
    count(`email:${email.trim().toLowerCase()}`, LINKS_PER_ADDRESS, at, message);
  };
}
