/** The team console's entry: its language first, then `<kairos-console>`. */
import { startingLocale, useLocale } from './localize.js';
import { KairosConsole } from './kairos-console.js';

await useLocale(startingLocale()).catch(() => undefined);
if (!customElements.get('kairos-console')) customElements.define('kairos-console', KairosConsole);
