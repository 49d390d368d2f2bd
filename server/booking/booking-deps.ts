/** What the use cases need from the process that runs them. */
import type { BusySource } from '../integrations/calendar-busy.js';
import type { CrmProvider } from '../integrations/crm/provider.js';
import type { Store } from '../store/connect.js';

export interface BookingDeps {
  store: Store;
  /** Base of manage and invite links, e.g. `https://book.example.com`. */
  publicUrl: string;
  /** Server secret (settings `server_secret`): keyed manage tokens, personal links. */
  secret: string;
  /** Members' external calendars; none in tests that do not need them. */
  calendar?: BusySource;
  /** The CRMs set up in this process, by name: personal links prefilled from a CRM record read them. */
  crm?: ReadonlyMap<string, CrmProvider>;
}
