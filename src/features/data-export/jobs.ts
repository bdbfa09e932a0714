// The jobs of a data export, queued by migration 030's trigger: prepare_data_export when it is asked
// for, expire_data_export at its expiry. src/worker.ts hands both to the worker.
import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { DATA_MAP } from '../privacy/data-map.ts';
import type { DataMap } from '../privacy/data-map-types.ts';
import { expireDataExports, failExport, prepareExport } from './service.ts';

const Payload = z.strictObject({ orgId: z.uuid(), exportId: z.uuid() });

// The data map: tables declared about a person reach the export even before they have a section.
export function prepareDataExportTask(db: Db, logger: Logger, declared: DataMap = DATA_MAP): Task {
  return async (payload, { job }) => {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) {
      logger.error({ jobId: job.id }, 'prepare_data_export job without valid ids; dropped');
      return;
    }
    const { orgId, exportId } = parsed.data;
    try {
      const outcome = await prepareExport(db, orgId, exportId, declared);
      logger.info({ exportId, outcome }, 'data export prepared');
    } catch (error) {
      if (job.attempts < job.max_attempts) throw error; // graphile-worker tries again later
      // The person sees "failed" and may ask again, instead of waiting for ever.
      logger.error({ exportId, err: error }, 'data export failed after every attempt');
      await failExport(db, orgId, exportId, 'could not be prepared');
    }
  };
}

export function expireDataExportTask(db: Db): Task {
  return async (payload) => {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) return;
    await inOrg(db, parsed.data.orgId, (tx) => expireDataExports(tx, parsed.data.orgId));
  };
}
