// What an import said, in the reader's language: the counts, the new sites and departments to
// check, and every row at fault worded from the API's codes (its English sentence where this app
// has no words for a code).
import { useTranslation } from 'react-i18next';
import { Success } from '../app/status.tsx';
import type { ImportRefusal, ImportReport, ImportRowReason } from '../app/types.ts';

export function ImportSummary({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  return (
    <>
      <Success>
        {report.dryRun && `${t('people.reportDry')} `}
        {t('people.report', { ...report })}
      </Success>
      <ImportWarnings report={report} />
    </>
  );
}

export function ImportWarnings({ report }: { report: Pick<ImportReport, 'warnings' | 'warningsLeftOut'> }) {
  const { t } = useTranslation();
  if (report.warnings.length === 0) return null;
  return (
    <div className="notice warning import-warnings">
      <p>
        <strong>{t('peopleImport.warningsTitle')}</strong>
      </p>
      <ul>
        {report.warnings.map((w) => (
          <li key={`${w.code}:${w.name}`}>{t(`peopleImport.${w.code}`, { name: w.name, count: w.people })}</li>
        ))}
        {report.warningsLeftOut > 0 && <li>{t('peopleImport.warningsLeftOut', { count: report.warningsLeftOut })}</li>}
      </ul>
      <p>{t('peopleImport.warningsHint')}</p>
    </div>
  );
}

type Row = NonNullable<ImportRefusal['rows']>[number];

export function RowsAtFault({ rows }: { rows: Row[] }) {
  const { t } = useTranslation();
  const word = useReasonWords();
  return (
    <div className="notice error" role="alert">
      <p>{t('peopleImport.invalid', { count: rows.length })}</p>
      <h3>{t('people.rowsAtFault')}</h3>
      <ul>
        {rows.map((r) => (
          <li key={r.line}>
            {t('people.line', { line: r.line })}
            {r.email && ` (${r.email})`}: {r.errors.map((english, i) => word(r.reasons?.[i], english)).join('; ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

function useReasonWords() {
  const { t, i18n } = useTranslation();
  const quoted = (value: string) => t('peopleImport.quoted', { value });
  return (reason: ImportRowReason | undefined, english: string): string => {
    const key = `peopleImport.reasons.${reason?.code}`;
    if (!reason || !i18n.exists(key, { count: 2 })) return english;
    const values: Record<string, unknown> = { ...reason };
    if ('value' in reason) values.value = quoted(reason.value);
    if ('values' in reason) Object.assign(values, { values: reason.values.map(quoted).join(', '), count: reason.values.length });
    if ('known' in reason) values.known = reason.known.join(', ');
    return t(key, values);
  };
}
