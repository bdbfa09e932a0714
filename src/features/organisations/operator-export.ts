// An organisation's whole data set as one ZIP, for the operator when the organisation leaves (issue
// 15): one CSV per table that holds its rows, found in the database catalog (every table with an
// org_id column, and the organisations row itself), so a table added later is exported without
// anyone remembering it; and manifest.json saying what is in it. The tables are read in one
// snapshot, through a cursor a batch at a time, and the ZIP (fflate) is written as they are read,
// waiting for the reader (an HTTP client, a file), so a large organisation never sits in memory.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { Zip, ZipDeflate, strToU8 } from 'fflate';
import { readMigrations } from '../../db/migrate.ts';
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { recordAuditEntries } from '../audit/service.ts';
import { inOrgSnapshot } from '../data-export/service.ts';
import type { OperatorAct } from './operator-service.ts';
import { findOrganisationSummary, organisationRows, organisationTables } from './queries.ts';

export const ARCHIVE_FORMAT = 'quartet-organisation-export/1';

const CSV_CONVENTIONS =
  'RFC 4180, UTF-8, one header row of column names. Each value as PostgreSQL writes it as text (as COPY does): ' +
  'times in UTC, arrays as {a,b}, JSON as JSON, bytea as \\x…, booleans as t/f. An empty cell is null; "" is an empty text. ' +
  'Values are as stored, not altered for spreadsheet programs: import the files rather than opening them by double-click.';

export interface ArchiveManifest {
  format: typeof ARCHIVE_FORMAT;
  organisation: { id: string; slug: string; name: string; status: string };
  /** The last migration the database has: the layout of every table below. */
  schemaVersion: string;
  exportedAt: string;
  exportedBy: { kind: 'operator' | 'system'; operatorTokenId: string | null };
  csv: string;
  tables: Array<{ name: string; file: string; rows: number; columns: string[] }>;
}

export interface PreparedExport {
  organisation: ArchiveManifest['organisation'];
  exportedAt: Date;
  by: OperatorAct;
}

/**
 * Checks that the organisation exists and records the export in its audit log, before anything
 * is streamed (so a refusal is still a proper answer). The archive then holds its own audit entry.
 */
export async function prepareOrganisationExport(db: Db, orgId: string, by: OperatorAct, now = new Date()): Promise<PreparedExport> {
  return inOrg(db, orgId, async (tx) => {
    const org = await findOrganisationSummary(tx, orgId);
    if (!org) throw new NotFoundError('Organisation');
    await recordAuditEntries(tx, [{
      orgId, actorKind: by.kind, actorId: by.id, action: 'organisation.exported', subjectKind: 'organisation', subjectId: orgId, ip: by.ip, detail: {},
    }]);
    return { organisation: { id: org.id, slug: org.slug, name: org.name, status: org.status }, exportedAt: now, by };
  });
}

/** A file name for the archive, e.g. quartet-acme-2026-12-06.zip. */
export const archiveFileName = (prepared: PreparedExport) => `quartet-${prepared.organisation.slug}-${prepared.exportedAt.toISOString().slice(0, 10)}.zip`;

/** Writes the archive to `out` (ended here on success), waiting whenever `out` is full. */
export async function writeOrganisationArchive(db: Db, prepared: PreparedExport, out: Writable): Promise<ArchiveManifest> {
  const orgId = prepared.organisation.id;
  const migrations = await readMigrations();
  const last = migrations.at(-1)!;
  const written: Uint8Array[] = [];
  let zipError: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) zipError = error;
    else written.push(chunk);
  });
  const flush = async () => {
    if (zipError) throw zipError;
    for (const chunk of written.splice(0)) await writeOrWait(out, chunk);
  };

  const tables = await inOrgSnapshot(db, orgId, async (tx) => {
    const listed: ArchiveManifest['tables'] = [];
    for (const table of await organisationTables(tx)) {
      const file = new ZipDeflate(`${table.name}.csv`, { level: 6 });
      zip.add(file);
      file.push(strToU8(stringify([table.columns])));
      let rows = 0;
      for await (const batch of organisationRows(tx, orgId, table)) {
        // quoted_empty tells an empty text ("") from null (nothing), as COPY's CSV does.
        file.push(strToU8(stringify(batch, { quoted_empty: true })));
        rows += batch.length;
        await flush();
      }
      file.push(new Uint8Array(0), true);
      await flush();
      listed.push({ name: table.name, file: `${table.name}.csv`, rows, columns: table.columns });
    }
    return listed;
  });

  const manifest: ArchiveManifest = {
    format: ARCHIVE_FORMAT,
    organisation: prepared.organisation,
    schemaVersion: `${last.version}_${last.name}`,
    exportedAt: prepared.exportedAt.toISOString(),
    exportedBy: { kind: prepared.by.kind, operatorTokenId: prepared.by.kind === 'operator' ? prepared.by.id : null },
    csv: CSV_CONVENTIONS,
    tables,
  };
  const file = new ZipDeflate('manifest.json', { level: 6 });
  zip.add(file);
  file.push(strToU8(`${JSON.stringify(manifest, null, 2)}\n`), true);
  zip.end();
  await flush();
  out.end();
  return manifest;
}

async function writeOrWait(out: Writable, chunk: Uint8Array): Promise<void> {
  if (out.destroyed) throw new Error('the reader of the archive went away');
  if (out.write(chunk)) return;
  // Waits for room, or gives up (ending the snapshot's transaction) when the reader goes away.
  const stop = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: stop.signal }),
      once(out, 'close', { signal: stop.signal }).then(() => { throw new Error('the reader of the archive went away'); }),
    ]);
  } finally {
    stop.abort();
  }
}
