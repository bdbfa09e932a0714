// Who holds a seat, with what the coach needs to reach them; after the start, attendance.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { DataTable } from '../app/data-table.tsx';
import { ErrorNotice } from '../app/status.tsx';
import type { BookingStatus, CoachSession, RosterEntry } from '../app/types.ts';

export function Roster({ session, past }: { session: CoachSession; past: boolean }) {
  const { t } = useTranslation();
  const seated = session.roster.filter((r) => r.status !== 'cancelled');
  return (
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
            ...(past ? [{ label: t('coach.attendance'), cell: (r: RosterEntry) => <Attendance entry={r} /> }] : []),
          ]}
        />
      )}
    </section>
  );
}

function Attendance({ entry }: { entry: RosterEntry }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const mark = useMutation({
    mutationFn: (status: BookingStatus) => api('PUT', `/api/bookings/${entry.bookingId}/attendance`, { status }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sessions', 'coached'] }),
  });
  return (
    <>
      <select
        aria-label={t('coach.attendanceFor', { name: entry.person.name })}
        value={mark.variables ?? entry.status}
        disabled={mark.isPending}
        onChange={(e) => mark.mutate(e.target.value as BookingStatus)}
      >
        <option value="active">{t('coach.unmarked')}</option>
        <option value="attended">{t('coach.attended')}</option>
        <option value="no_show">{t('coach.noShow')}</option>
      </select>
      {mark.error && <ErrorNotice error={mark.error} />}
    </>
  );
}
