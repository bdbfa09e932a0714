// CSV import: a dry run reports what would change and every row at fault; the real run is all or
// nothing. An import that would deactivate people is checked by a dry run first and asks, naming
// how many and their seats; the API refuses a real run whose count nobody confirmed.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, query } from '../app/api.ts';
import { ErrorNotice } from '../app/status.tsx';
import type { ImportRefusal, ImportReport } from '../app/types.ts';
import { ConfirmDeactivation, type Deactivation } from './people-import-dialog.tsx';
import { ImportSummary, RowsAtFault } from './people-import-results.tsx';
import './people-import-texts.ts';

type Step = { kind: 'dryRun' } | { kind: 'import' } | { kind: 'confirmed'; deactivated: number };
type Outcome = { report: ImportReport } | { ask: Deactivation };

export function PeopleImport() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [csv, setCsv] = useState('');
  const [keepMissing, setKeepMissing] = useState(true);
  const [ask, setAsk] = useState<Deactivation | null>(null);
  const [cancelled, setCancelled] = useState(false);

  const post = (dryRun: boolean, expectDeactivated?: number) =>
    api<ImportReport>(
      'POST',
      `/api/admin/people/import${query({ dryRun: String(dryRun), deactivateMissing: String(!keepMissing), expectDeactivated: expectDeactivated?.toString() })}`,
      csv,
      { 'content-type': 'text/csv' },
    );
  const run = useMutation({
    mutationFn: async (step: Step): Promise<Outcome> => {
      if (step.kind === 'dryRun') return { report: await post(true) };
      if (step.kind === 'import' && !keepMissing) {
        const dry = await post(true);
        if (dry.deactivated > 0) return { ask: { deactivated: dry.deactivated, bookingsCancelled: dry.bookingsCancelled, dryRun: dry, changed: false } };
      }
      try {
        return { report: await post(false, step.kind === 'confirmed' ? step.deactivated : 0) };
      } catch (error) {
        // Someone left or joined between the check and the import: ask again with the new counts.
        if (!(error instanceof ApiError) || error.code !== 'DEACTIVATION_NOT_CONFIRMED') throw error;
        const { deactivated, bookingsCancelled } = error.details as { deactivated: number; bookingsCancelled: number };
        // Nobody left to deactivate: nothing to ask.
        if (deactivated === 0) return { report: await post(false, 0) };
        return { ask: { deactivated, bookingsCancelled, changed: true } };
      }
    },
    onMutate: () => setCancelled(false),
    onSuccess: (outcome) => {
      if ('ask' in outcome) setAsk(outcome.ask);
      else if (!outcome.report.dryRun) void client.invalidateQueries({ queryKey: ['admin', 'people'] });
    },
  });
  // The buttons wait for the new file's text, and what was said about the last file goes.
  const chooseFile = (file: File | undefined) => {
    setCsv('');
    setCancelled(false);
    run.reset();
    void file?.text().then(setCsv);
  };
  const report = run.data && 'report' in run.data ? run.data.report : undefined;
  const invalid = run.error instanceof ApiError && run.error.code === 'IMPORT_INVALID';
  const rows = invalid ? (((run.error as ApiError).details.rows as ImportRefusal['rows']) ?? []) : [];

  return (
    <section className="card import" aria-labelledby="import-title">
      <h2 id="import-title">{t('people.importTitle')}</h2>
      <p className="hint">{t('people.importIntro')}</p>
      <label>
        {t('people.file')}
        <input type="file" accept=".csv,text/csv" onChange={(e) => chooseFile(e.target.files?.[0])} />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={keepMissing} onChange={(e) => setKeepMissing(e.target.checked)} />
        {t('people.keepMissing')}
      </label>
      <div className="actions">
        <button type="button" disabled={!csv || run.isPending || ask !== null} onClick={() => run.mutate({ kind: 'dryRun' })}>
          {t('people.dryRun')}
        </button>
        <button type="button" className="primary" disabled={!csv || run.isPending || ask !== null} onClick={() => run.mutate({ kind: 'import' })}>
          {t('people.import')}
        </button>
      </div>
      {ask && (
        <ConfirmDeactivation
          ask={ask}
          onConfirm={(deactivated) => {
            setAsk(null);
            run.mutate({ kind: 'confirmed', deactivated });
          }}
          onCancel={() => {
            setAsk(null);
            setCancelled(true);
          }}
        />
      )}
      {cancelled && <p role="status">{t('peopleImport.cancelled')}</p>}
      {report && <ImportSummary report={report} />}
      {run.error && !invalid && <ErrorNotice error={run.error} />}
      {rows.length > 0 && <RowsAtFault rows={rows} />}
    </section>
  );
}
