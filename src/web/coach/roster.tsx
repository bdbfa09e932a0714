// Who holds a seat, with what the coach needs to reach them; after the start, attendance.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
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
        <div className="table-wrap">
          <table className="stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t('coach.name')}</th>
                <th scope="col">{t('coach.department')}</th>
                <th scope="col">{t('coach.site')}</th>
                <th scope="col">{t('coach.contact')}</th>
                {past && <th scope="col">{t('coach.attendance')}</th>}
              </tr>
            </thead>
            <tbody>
              {seated.map((r) => (
                <tr key={r.bookingId}>
                  <td data-label={t('coach.name')}>{r.person.name}</td>
                  <td data-label={t('coach.department')}>{r.person.department ?? '—'}</td>
                  <td data-label={t('coach.site')}>{r.person.site ?? '—'}</td>
                  <td data-label={t('coach.contact')}>
                    <a href={`mailto:${r.person.email}`}>{r.person.email}</a>
                  </td>
                  {past && (
                    <td data-label={t('coach.attendance')}>
                      <Attendance entry={r} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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
