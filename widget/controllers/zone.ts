/**
 * The visitor's time zone: the `timezone` attribute, else the browser's, detected without a click.
 * Changing it re-renders the host, and so every time it shows.
 */
import type { ReactiveControllerHost } from 'lit';
import { dayOf } from '../time-format.js';
import { currentZoneName } from '../../shared/time-zones.js';

export class ZoneController {
  private chosen?: string;

  constructor(private readonly host: ReactiveControllerHost & { timezone?: string }) {}

  get zone(): string {
    return this.chosen ?? this.host.timezone ?? currentZoneName(Intl.DateTimeFormat().resolvedOptions().timeZone);
  }

  /** Today's date (`YYYY-MM-DD`) in that zone. */
  get today(): string {
    return dayOf(Date.now(), this.zone);
  }

  set(zone: string): void {
    this.chosen = zone;
    this.host.requestUpdate();
  }
}
