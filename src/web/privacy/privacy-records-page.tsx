// Records of processing (/admin/privacy, Art. 30 GDPR): the map of personal data in the reader's
// language, table by table, one card per purpose; a contents list to jump around on a phone, and
// a print button (the stylesheet leaves the app's chrome off the paper).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import type { ProcessingRecords } from '../../features/privacy/schema.ts';
import { api } from '../app/api.ts';
import { i18next } from '../app/i18n.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { privacyRecordsDe, privacyRecordsEn } from './privacy-records-texts.ts';
import './privacy-records.css';

i18next.addResourceBundle('en', 'translation', privacyRecordsEn, true, false);
i18next.addResourceBundle('de', 'translation', privacyRecordsDe, true, false);

type Records = z.infer<typeof ProcessingRecords>;
type TableRecord = Records['tables'][number];

export function PrivacyRecordsPage() {
  const { t, i18n } = useTranslation();
  // The page's language, not the profile's: switching the language shows the records in it.
  const lang = i18n.language.startsWith('de') ? 'de' : 'en';
  const records = useQuery({
    queryKey: ['admin', 'privacy-records', lang],
    queryFn: () => api<Records>('GET', `/api/admin/privacy/records?lang=${lang}`),
  });
  const data = records.data;
  const today = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long' }).format(new Date());
  return (
    <section className="privacy-records">
      <div className="records-head">
        <h1>{t('privacyRecords.title')}</h1>
        <button type="button" className="no-print" onClick={() => window.print()} disabled={!data}>
          {t('privacyRecords.print')}
        </button>
      </div>
      <p className="print-only">{t('privacyRecords.printedOn', { date: today })}</p>
      <p className="hint">{t('privacyRecords.intro')}</p>
      <p className="no-print">
        <Link to="/admin/privacy-notice">{t('privacyRecords.controller')}</Link>
      </p>
      {records.isPending && <Loading />}
      {records.error && <ErrorNotice error={records.error} onRetry={() => void records.refetch()} />}
      {data && <RecordsBody records={data} />}
    </section>
  );
}

function RecordsBody({ records }: { records: Records }) {
  const { t } = useTranslation();
  return (
    <>
      <section aria-labelledby="records-bases">
        <h2 id="records-bases">{t('privacyRecords.legalBasesTitle')}</h2>
        <dl className="facts">
          {records.legalBases.map((basis) => (
            <div key={basis.code} className="facts-row">
              <dt>{basis.label}</dt>
              <dd>{basis.explanation}</dd>
            </div>
          ))}
        </dl>
      </section>
      <nav aria-labelledby="records-contents" className="no-print">
        <h2 id="records-contents">{t('privacyRecords.contentsTitle')}</h2>
        <ul className="contents">
          {records.tables.map((record) => (
            <li key={record.table}>
              <a href={`#table-${record.table}`}><code>{record.table}</code></a>{' '}
              <span className="hint">
                ({record.processing.length > 0 ? t('privacyRecords.personalCount', { count: record.processing.length }) : t('privacyRecords.noPersonal')})
              </span>
            </li>
          ))}
        </ul>
      </nav>
      {records.tables.map((record) => <TableSection key={record.table} record={record} />)}
      <section className="record" aria-labelledby="records-outside">
        <h2 id="records-outside">{t('privacyRecords.outsideTitle')}</h2>
        <ul>
          {records.outside.map((o) => (
            <li key={o.table}><code>{o.table}</code>: {o.why}</li>
          ))}
        </ul>
      </section>
    </>
  );
}

function TableSection({ record }: { record: TableRecord }) {
  const { t } = useTranslation();
  const headingId = `table-${record.table}`;
  return (
    <section className="record" id={headingId} aria-labelledby={`${headingId}-title`}>
      <h2 id={`${headingId}-title`}><code>{record.table}</code></h2>
      <p>{record.holds}</p>
      {record.subjectColumn && <p className="hint">{t('privacyRecords.subject', { column: record.subjectColumn })}</p>}
      {record.processing.length > 0 && (
        <ul className="processing">
          {record.processing.map((p) => (
            <li key={p.columns.map((c) => c.name).join()}>
              <dl className="facts">
                <dt>{t('privacyRecords.columns')}</dt>
                <dd>
                  <ul className="column-list">
                    {p.columns.map((c) => (
                      <li key={c.name}>
                        <code>{c.name}</code> <span className="kind">({t(`privacyRecords.kind.${c.kind}`)})</span>
                      </li>
                    ))}
                  </ul>
                </dd>
                <dt>{t('privacyRecords.purpose')}</dt>
                <dd>{p.purpose}</dd>
                <dt>{t('privacyRecords.legalBasis')}</dt>
                <dd>{p.legalBasisLabel}</dd>
                <dt>{t('privacyRecords.retention')}</dt>
                <dd>{p.retention}</dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {record.notPersonal.length > 0 && (
        <p className="not-personal">{t('privacyRecords.notPersonal', { columns: record.notPersonal.join(', ') })}</p>
      )}
    </section>
  );
}
