// "The network": over the last twelve months, new colleagues per session, encounters across
// departments, different partners per person against the most possible, and a department ×
// department heat map. The API leaves out every figure built from fewer than five people; here
// those say so ("fewer than 5"). Nobody is named anywhere on the page, nor a department of fewer
// than five people taking part (those are "Other departments" together, once they are five).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { i18next } from '../app/i18n.ts';
import { useMe } from '../app/me.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { dayLabel } from '../app/time.ts';
import type { NetworkSummary } from '../app/types.ts';
import { useWithheldText, Withheld } from '../privacy-floor/withheld.tsx';
import { networkDe, networkEn } from './network-texts.ts';

i18next.addResourceBundle('en', 'translation', networkEn, true, false);
i18next.addResourceBundle('de', 'translation', networkDe, true, false);

type Band = NetworkSummary['partners']['bands'][number];

/** The others in a group of four: the most new colleagues one session can bring. */
const GROUP_OTHERS = 3;

export function NetworkPage() {
  const { t } = useTranslation();
  const me = useMe();
  const network = useQuery({ queryKey: ['admin', 'network'], queryFn: () => api<NetworkSummary>('GET', '/api/admin/network') });
  const data = network.data;
  return (
    <section className="network">
      <h1>{t('network.title')}</h1>
      {data && <p className="hint">{t('network.intro', { since: dayLabel(data.since, me.timeZone, me.locale), minimum: data.minimumPeople })}</p>}
      {network.isPending && <Loading />}
      {network.error && <ErrorNotice error={network.error} onRetry={() => void network.refetch()} />}
      {data && (data.people === null || data.people === 0) && (
        <p className="notice">
          {t('network.tooFewPeople', { minimum: data.minimumPeople })} {data.people === null && <Withheld minimum={data.minimumPeople} />}
        </p>
      )}
      {data && data.people !== null && data.people > 0 && (
        <>
          <Figures data={data} />
          <Partners data={data} />
          <HeatMap data={data} />
        </>
      )}
    </section>
  );
}

function useNumber() {
  const { i18n } = useTranslation();
  return (value: number, digits = 1) => value.toLocaleString(i18n.language, { maximumFractionDigits: digits });
}

function Figures({ data }: { data: NetworkSummary }) {
  const { t } = useTranslation();
  const number = useNumber();
  const tooFew = useWithheldText()(data.minimumPeople);
  const percent = (share: number | null) => (share === null ? tooFew : t('network.percent', { value: number(share * 100, 0) }));
  return (
    <dl className="figures">
      <div>
        <dt>{t('network.newColleagues')}</dt>
        <dd>
          {data.newColleaguesPerAttendance === null
            ? tooFew
            : t('network.newColleaguesFigure', { value: number(data.newColleaguesPerAttendance), maximum: GROUP_OTHERS })}
        </dd>
      </div>
      <div>
        <dt>{t('network.acrossDepartments')}</dt>
        <dd>{percent(data.crossDepartmentShare)}</dd>
      </div>
      <div>
        <dt>{t('network.partnersShare')}</dt>
        <dd>{percent(data.partners.share)}</dd>
      </div>
      <div>
        <dt>{t('network.colleagues')}</dt>
        <dd>{data.colleaguesPerAttendance === null ? tooFew : number(data.colleaguesPerAttendance)}</dd>
      </div>
      <div>
        <dt>{t('network.attendances')}</dt>
        <dd>{data.attendances === null ? tooFew : number(data.attendances, 0)}</dd>
      </div>
    </dl>
  );
}

function Partners({ data }: { data: NetworkSummary }) {
  const { t } = useTranslation();
  const number = useNumber();
  const tooFew = <Withheld compact minimum={data.minimumPeople} />;
  const bandLabel = (b: Band) => (b.sessionsTo === null
    ? t('network.bandOpen', { from: b.sessionsFrom })
    : b.sessionsTo === b.sessionsFrom ? String(b.sessionsFrom) : t('network.bandRange', { from: b.sessionsFrom, to: b.sessionsTo }));
  return (
    <>
      <h2>{t('network.partnersTitle')}</h2>
      <p className="hint">{t('network.partnersHint')}</p>
      <DataTable
        rows={data.partners.bands}
        rowKey={(b) => String(b.sessionsFrom)}
        columns={[
          { label: t('network.sessionsBand'), rowHeader: true, cell: bandLabel },
          { label: t('network.people'), cell: (b) => (b.people === null ? tooFew : b.people) },
          {
            label: t('network.averagePartners'),
            cell: (b) => (b.averagePartners === null || b.averageMaximum === null ? tooFew : (
              <div className="partners-meter">
                <span>{t('network.meter', { partners: number(b.averagePartners), maximum: number(b.averageMaximum) })}</span>
                <svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                  <rect x="0" y="0" width="100" height="6" className="meter-track" />
                  <rect x="0" y="0" width={Math.min(100, (100 * b.averagePartners) / Math.max(1, b.averageMaximum))} height="6" className="bar-a" />
                </svg>
              </div>
            )),
          },
          { label: t('network.averageMaximum'), cell: (b) => (b.averageMaximum === null ? tooFew : number(b.averageMaximum)) },
        ]}
      />
    </>
  );
}

function HeatMap({ data }: { data: NetworkSummary }) {
  const { t } = useTranslation();
  const { departments, cells } = data.heatMap;
  const value = new Map(cells.map((c) => [`${c.row}:${c.column}`, c.encounters]));
  // Symmetric: the cell of (a, b) is the cell of (b, a).
  const at = (a: number, b: number) => value.get(a <= b ? `${a}:${b}` : `${b}:${a}`);
  const top = Math.max(1, ...cells.map((c) => c.encounters ?? 0));
  const shade = (n: number) => (n === 0 ? 0 : Math.min(4, 1 + Math.floor((4 * n) / (top + 1))));
  const name = (d: { name: string | null; others: boolean }) => (d.others ? t('network.otherDepartments') : d.name ?? t('network.noDepartment'));
  const suppressed = useWithheldText()(data.minimumPeople);
  if (departments.length === 0) return <p>{t('network.noEncounters')}</p>;
  return (
    <>
      <h2 id="heat-map-title">{t('network.heatTitle')}</h2>
      <p className="hint">{t('network.heatHint')} {t('network.smallDepartments', { minimum: data.minimumPeople })}</p>
      <div className="table-wrap heat-map" role="region" aria-labelledby="heat-map-title" tabIndex={0}>
        <table>
          <caption className="visually-hidden">{t('network.heatCaption')}. {t('network.heatScroll')}</caption>
          <thead>
            <tr>
              <td />
              {departments.map((d, i) => <th key={i} scope="col">{name(d)}</th>)}
            </tr>
          </thead>
          <tbody>
            {departments.map((d, row) => (
              <tr key={row}>
                <th scope="row">{name(d)}</th>
                {departments.map((_, column) => {
                  const n = at(row, column);
                  if (n === null || n === undefined) {
                    return (
                      <td key={column} className="heat-suppressed">
                        <span aria-hidden="true">{t('network.suppressed', { minimum: data.minimumPeople })}</span>
                        <span className="visually-hidden">{suppressed}</span>
                      </td>
                    );
                  }
                  return <td key={column} className={`heat-${shade(n)}`}>{n}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">{t('network.suppressedLegend', { minimum: data.minimumPeople })}</p>
    </>
  );
}
