/**
 * `npm run admin-link`: prints a fresh one-time link that makes a new admin of whoever opens it
 * within 15 minutes. For the first admin after the start-up link expired, or for another one.
 * Reads the same environment as `npm start` (`KAIROS_DATABASE_URL`, `KAIROS_PUBLIC_URL`, `PORT`).
 */
import { openStore } from './store/connect.js';
import { newAdminLink } from './team/first-admin-link.js';

const env = process.env;
const store = await openStore(env.KAIROS_DATABASE_URL ?? 'sqlite:./data/kairos.db');
try {
  const publicUrl = env.KAIROS_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 8787}`;
  console.log(`\n  Sign in as a new admin within 15 minutes (the link works once):\n  ${await newAdminLink({ store, publicUrl }, Date.now())}\n`);
} finally {
  await store.close();
}
