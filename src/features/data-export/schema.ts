// Shapes of a person's data export (Art. 15 and 20 GDPR): the request and its state, for
// validation, the OpenAPI document and the profile page's types. The archive's own shape is
// documented in presenters.ts (DATA_EXPORT_FORMAT).
import { z } from 'zod';

export const ExportStatus = z.enum(['preparing', 'ready', 'downloaded', 'expired', 'failed']);

export const DataExportView = z.object({
  id: z.uuid(),
  status: ExportStatus.describe('preparing: the job gathers it; ready: download it once until expiresAt; downloaded, expired: gone; failed: ask again'),
  requestedAt: z.iso.datetime({ offset: true }),
  readyAt: z.iso.datetime({ offset: true }).nullable(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().describe('After this the archive is deleted, downloaded or not'),
  downloadedAt: z.iso.datetime({ offset: true }).nullable(),
  sizeBytes: z.int().nullable(),
}).meta({ id: 'DataExport' });

export const CurrentDataExport = z.object({
  current: DataExportView.nullable().describe('The newest request, or null when there is none'),
  requestsPerDay: z.int().describe('How many requests a person may make in a day'),
});

export const DataExportParams = z.object({ id: z.uuid() });
