/**
 * A page's routing rules: the first rule whose `when` matches the form answers (and whose
 * `event`, when set, is the booked event) gives the host or a refusal; no match keeps the
 * entry's own host. Within one `when`, every condition given must hold. `equals` and `in` compare
 * exactly (a checkbox answer reads as `"true"` / `"false"`); `contains` ignores case, since it
 * usually matches free text such as a company name or an email domain.
 */
import type { Rule } from '../config/schema.js';
import type { RouteDecision } from './types.js';

function matches(when: Rule['when'], answer: string | boolean | undefined): boolean {
  if (answer === undefined) return false;
  const value = String(answer);
  if (when.equals !== undefined && value !== when.equals) return false;
  if (when.in !== undefined && !when.in.includes(value)) return false;
  if (when.contains !== undefined && !value.toLowerCase().includes(when.contains.toLowerCase())) return false;
  return true;
}

export function route(rules: Rule[], event: string, answers: Record<string, string | boolean | undefined>): RouteDecision {
  for (const rule of rules) {
    if (rule.event !== undefined && rule.event !== event) continue;
    if (!matches(rule.when, answers[rule.when.field])) continue;
    if (rule.host) return { kind: 'host', host: rule.host };
    if (rule.refuse !== undefined) return { kind: 'refuse', message: rule.refuse };
  }
  return { kind: 'default' };
}
