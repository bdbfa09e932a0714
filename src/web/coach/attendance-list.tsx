// Attendance from the session's start, made for a phone in the room: one row a person, two large
// buttons, saved on the tap. A second tap on the other button corrects the first.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ErrorNotice } from '../app/status.tsx';
import type { RosterEntry } from '../app/types.ts';

type Mark = 'attended' | 'no_show';

export function AttendanceList({ entries, title }: { entries: RosterEntry[]; title: string }) {
  const { t } = useTranslation();
  const recorded = entries.filter((e) => e.status === 'attended' || e.status === 'no_show').length;
  return (
    <section aria-label={t('coach.attendanceOf', { title })}>
      <h3>{t('coach.attendance')}</h3>
      <p className="hint">{t('coach.attendanceCount', { recorded, count: entries.length })}</p>
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {entries.map((e) => (
          <AttendanceRow key={e.bookingId} entry={e} />
        ))}
      </ul>
    </section>
  );
}

function AttendanceRow({ entry }: { entry: RosterEntry }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const mark = useMutation({
    mutationFn: (status: Mark) => api('PUT', `/api/bookings/${entry.bookingId}/attendance`, { status }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sessions', 'coached'] }),
  });
  // The tap shows at once; a refused tap falls back to what is stored.
  const shown = mark.isError ? entry.status : (mark.variables ?? entry.status);
  const name = entry.person.name;
  const state = mark.isPending
    ? t('coach.saving')
    : shown === 'attended'
      ? t('coach.savedHere')
      : shown === 'no_show'
        ? t('coach.savedNotHere')
        : t('coach.unmarked');
  const big = { flex: '1 1 7rem', minHeight: '3rem', fontSize: '1.05rem' } as const;
  return (
    <li style={{ padding: '0.6rem 0', borderBottom: '1px solid var(--line)' }}>
      <p style={{ margin: '0 0 0.4rem', display: 'flex', flexWrap: 'wrap', justifyContent: 'space-between', gap: '0.5rem' }}>
        <strong>{name}</strong>
        <span role="status" className={shown === 'active' ? 'hint' : undefined}>
          {state}
        </span>
      </p>
      <div role="group" aria-label={t('coach.attendanceFor', { name })} style={{ display: 'flex', gap: '0.5rem' }}>
        <button type="button" style={big} aria-pressed={shown === 'attended'} disabled={mark.isPending} onClick={() => shown !== 'attended' && mark.mutate('attended')}>
          {t('coach.here')}
        </button>
        <button type="button" style={big} aria-pressed={shown === 'no_show'} disabled={mark.isPending} onClick={() => shown !== 'no_show' && mark.mutate('no_show')}>
          {t('coach.notHere')}
        </button>
      </div>
      {mark.error && <ErrorNotice error={mark.error} />}
    </li>
  );
}
