// Who holds a seat, with what the coach needs to reach them; from the start, attendance first and
// the list headed as those who took part, not as who is coming.
import { useTranslation } from 'react-i18next';
import { DataTable } from '../app/data-table.tsx';
import type { CoachSession } from '../app/types.ts';
import { AttendanceList } from './attendance-list.tsx';

export function Roster({ session, started }: { session: CoachSession; started: boolean }) {
  const { t } = useTranslation();
  const seated = session.roster.filter((r) => r.status !== 'cancelled');
  const heading = t(started ? 'coach.rosterBegun' : 'coach.roster');
  return (
    <>
    {started && session.status !== 'cancelled' && seated.length > 0 && <AttendanceList entries={seated} title={session.module.title} />}
    <section aria-label={`${heading}: ${session.module.title}`}>
      <h3>{heading}</h3>
      {seated.length === 0 ? (
        <p className="hint">{t(started ? 'coach.rosterEmptyBegun' : 'coach.rosterEmpty')}</p>
      ) : (
        <DataTable
          rows={seated}
          rowKey={(r) => r.bookingId}
          columns={[
            { label: t('coach.name'), cell: (r) => r.person.name },
            { label: t('coach.department'), cell: (r) => r.person.department ?? '—' },
            { label: t('coach.site'), cell: (r) => r.person.site ?? '—' },
            { label: t('coach.contact'), cell: (r) => <a href={`mailto:${r.person.email}`}>{r.person.email}</a> },
          ]}
        />
      )}
    </section>
    </>
  );
}
