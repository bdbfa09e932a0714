// CSV import: a dry run reports what would change and every row at fault; the real run is all or nothing.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../app/api.ts';
import { ErrorNotice, Success } from '../app/status.tsx';
import type { ImportRefusal, ImportReport } from '../app/types.ts';

export function PeopleImport() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [csv, setCsv] = useState('');
  const [keepMissing, setKeepMissing] = useState(true);
  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      api<ImportReport>('POST', `/api/admin/people/import?dryRun=${dryRun}&deactivateMissing=${!keepMissing}`, csv, { 'content-type': 'text/csv' }),
    onSuccess: (report) => {
      if (!report.dryRun) void client.invalidateQueries({ queryKey: ['admin', 'people'] });
    },
  });
  const rows = run.error instanceof ApiError ? ((run.error.details.rows as ImportRefusal['rows']) ?? []) : [];

  return (
    <section className="card import" aria-labelledby="import-title">
      <h2 id="import-title">{t('people.importTitle')}</h2>
      <p className="hint">{t('people.importIntro')}</p>
      <label>
        {t('people.file')}
        <input type="file" accept=".csv,text/csv" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={keepMissing} onChange={(e) => setKeepMissing(e.target.checked)} />
        {t('people.keepMissing')}
      </label>
      <div className="actions">
        <button type="button" disabled={!csv || run.isPending} onClick={() => run.mutate(true)}>
          {t('people.dryRun')}
        </button>
        <button type="button" className="primary" disabled={!csv || run.isPending} onClick={() => run.mutate(false)}>
          {t('people.import')}
        </button>
      </div>
      {run.data && (
        <Success>
          {run.data.dryRun && `${t('people.reportDry')} `}
          {t('people.report', { ...run.data })}
        </Success>
      )}
      {run.error && <ErrorNotice error={run.error} />}
      {rows.length > 0 && (
        <>
          <h3>{t('people.rowsAtFault')}</h3>
          <ul>
            {rows.map((r) => (
              <li key={r.line}>
                {t('people.line', { line: r.line })}
                {r.email && ` (${r.email})`}: {r.errors.join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
