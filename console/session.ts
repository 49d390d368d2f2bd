import type { sessionSchema } from '../shared/api-schemas.js';
import type { z } from 'zod';

/** Who is signed in, as `GET /api/v1/auth/session` answers. */
export type Session = z.infer<typeof sessionSchema>;
