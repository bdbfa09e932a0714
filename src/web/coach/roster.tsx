// Who holds a seat, with what the coach needs to reach them; from the start, attendance first.
import { useTranslation } from 'react-i18next';
import { DataTable } from '../app/data-table.tsx';
import type { CoachSession } from '../app/types.ts';
import { AttendanceList } from './attendance-list.tsx';

export function Roster({ session, started }: { session: CoachSession; started: boolean }) {
  const { t } = useTranslation();
  const seated = session.roster.filter((r) => r.status !== 'cancelled');
  return (
    <>
    {started && session.status !== 'cancelled' && seated.length > 0 && <AttendanceList entries={seated} title={session.module.title} />}
    <section aria-label={`${t('coach.roster')}: ${session.module.title}`}>
      <h3>{t('coach.roster')}</h3>
      {seated.length === 0 ? (
        <p className="hint">{t('coach.rosterEmpty')}</p>
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
