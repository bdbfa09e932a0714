// The dashboard's quarter: what took place (who attended, how full the sessions held were, who came)
// apart from what is only booked, and the reach across departments and sites. A withheld figure
// (fewer than five people behind it) is said in words in its place.
import { useTranslation } from 'react-i18next';
import { i18next } from '../app/i18n.ts';
import type { Dashboard } from '../app/types.ts';
import { Withheld } from '../privacy-floor/withheld.tsx';
import { dashboardQuarterDe, dashboardQuarterEn } from './dashboard-texts.ts';

i18next.addResourceBundle('en', 'translation', dashboardQuarterEn, true, false);
i18next.addResourceBundle('de', 'translation', dashboardQuarterDe, true, false);

type Quarter = Dashboard['quarter'];

const percentOf = (share: number | null) => (share === null ? null : Math.round(share * 100));

/** A big percentage with its bar, and the sentence that says what it counts. */
function Share({ title, share, sentence }: { title: string; share: number | null; sentence: string }) {
  const percent = percentOf(share);
  return (
    <div className="card">
      <h3>{title}</h3>
      {percent === null ? <p><Withheld /></p> : (
        <>
          <p className="big-figure">{percent} %</p>
          <div className="meter" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={title}>
            <svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
              <rect x="0" y="0" width="100" height="6" className="meter-track" />
              <rect x="0" y="0" width={Math.min(100, percent)} height="6" className="bar-a" />
            </svg>
          </div>
          <p>{sentence}</p>
        </>
      )}
    </div>
  );
}

export function QuarterFigures({ quarter }: { quarter: Quarter }) {
  const { t, i18n } = useTranslation();
  const start = new Intl.DateTimeFormat(i18n.language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${quarter.start}T12:00:00Z`));
  const { held, reach } = quarter;
  const employees = quarter.employees;
  return (
    <section aria-labelledby="quarter-heading" className="quarter">
      <h2 id="quarter-heading">{t('dashboardQuarter.heading', { start })}</h2>
      <div className="charts">
        <Share title={t('dashboardQuarter.attended')} share={quarter.attendedShare}
          sentence={t('dashboardQuarter.attendedFigure', { count: quarter.attended ?? 0, employees, percent: percentOf(quarter.attendedShare) })} />
        <Share title={t('dashboardQuarter.booked')} share={quarter.bookedShare}
          sentence={t('dashboardQuarter.bookedFigure', { count: quarter.booked ?? 0, employees, percent: percentOf(quarter.bookedShare) })} />
        {held.sessions === 0 ? (
          <div className="card">
            <h3>{t('dashboardQuarter.fill')}</h3>
            <p>{t('dashboardQuarter.noneHeld')}</p>
          </div>
        ) : (
          <>
            <Share title={t('dashboardQuarter.fill')} share={held.fillRate}
              sentence={t('dashboardQuarter.fillFigure', { taken: held.seatsTaken ?? 0, offered: held.seatsOffered, sessions: held.sessions })} />
            <Share title={t('dashboardQuarter.attendance')} share={held.attendanceRate}
              sentence={t('dashboardQuarter.attendanceFigure', { came: held.attendances ?? 0, taken: held.seatsTaken ?? 0, noShows: held.noShows ?? 0, noShowPercent: percentOf(held.noShowRate) })} />
          </>
        )}
        <div className="card">
          <h3>{t('dashboardQuarter.reach')}</h3>
          {reach.departments.of === 0 && reach.sites.of === 0 ? <p>{t('dashboardQuarter.reachNone')}</p>
            : reach.departments.reached === null ? <p><Withheld /></p> : (
              <ul>
                {reach.departments.of > 0 && <li>{t('dashboardQuarter.reachDepartments', { reached: reach.departments.reached, of: reach.departments.of, percent: percentOf(reach.departments.share) })}</li>}
                {reach.sites.of > 0 && <li>{t('dashboardQuarter.reachSites', { reached: reach.sites.reached, of: reach.sites.of, percent: percentOf(reach.sites.share) })}</li>}
              </ul>
            )}
          <p className="hint">{t('dashboardQuarter.reachHint')}</p>
        </div>
      </div>
    </section>
  );
}
