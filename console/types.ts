/** The API's answers the console reads, typed from the server's own schemas (types only: no zod ships). */
import type { z } from 'zod';
import type { activityPageSchema, bookingDetailSchema, savedFilterSchema } from '../shared/api-schemas.js';

export type ActivityPage = z.infer<typeof activityPageSchema>;
export type SavedFilter = z.infer<typeof savedFilterSchema>;
export type BookingDetail = z.infer<typeof bookingDetailSchema>;
import type { customerErasureSchema, customerExportSchema } from '../shared/api-schemas.js';
export type CustomerExport = z.infer<typeof customerExportSchema>;
export type CustomerErasure = z.infer<typeof customerErasureSchema>;
