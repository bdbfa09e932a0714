// Report being away (ill, on leave) for some days: the sessions in that range go to the admin to
// hand to another coach or cancel. A report can be withdrawn.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ErrorNotice, Success } from '../app/status.tsx';
import { dayLabel } from '../app/time.ts';
import type { AbsenceList, AbsenceReported } from '../app/types.ts';

/** A reported day (yyyy-mm-dd, a calendar day with no zone) as "Mon, 1 Mar 2027" in the page's language. */
function dayOf(day: string, locale: string): string {
  return dayLabel(`${day}T12:00:00Z`, 'UTC', locale);
}

export function Absences() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const absences = useQuery({ queryKey: ['absences'], queryFn: () => api<AbsenceList>('GET', '/api/me/absences').then((r) => r.items) });
  const [firstDay, setFirstDay] = useState('');
  const [lastDay, setLastDay] = useState('');
  const [note, setNote] = useState('');
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['absences'] }), client.invalidateQueries({ queryKey: ['sessions'] })]);
  const report = useMutation({
    mutationFn: () => api<AbsenceReported>('POST', '/api/me/absences', { firstDay, lastDay, ...(note.trim() && { note: note.trim() }) }),
    onSuccess: refresh,
  });
  const withdraw = useMutation({ mutationFn: (id: string) => api('DELETE', `/api/me/absences/${id}`), onSuccess: refresh });

  return (
    <section className="card absences" aria-labelledby="absence-title">
      <h2 id="absence-title">{t('absence.title')}</h2>
      <p className="hint">{t('absence.intro')}</p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          report.mutate();
        }}
      >
        <label>
          {t('absence.first')}
          <input type="date" value={firstDay} onChange={(e) => setFirstDay(e.target.value)} required />
        </label>
        <label>
          {t('absence.last')}
          <input type="date" value={lastDay} min={firstDay} onChange={(e) => setLastDay(e.target.value)} required />
        </label>
        <label>
          {t('absence.note')}
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
        </label>
        <button type="submit" disabled={report.isPending}>
          {t('absence.report')}
        </button>
      </form>
      {report.data && <Success>{t('absence.reported', { count: report.data.sessionsNeedingCoach.length })}</Success>}
      {report.error && <ErrorNotice error={report.error} />}
      {absences.error && <ErrorNotice error={absences.error} />}
      {absences.data && absences.data.length > 0 && (
        <ul>
          {absences.data.map((a) => {
            const [first, last] = [dayOf(a.firstDay, i18n.language), dayOf(a.lastDay, i18n.language)];
            return (
              <li key={a.id}>
                {a.firstDay === a.lastDay ? first : `${first} – ${last}`}
                {a.note && ` (${a.note})`}{' '}
                <button type="button" className="link" onClick={() => withdraw.mutate(a.id)} aria-label={t('absence.withdrawNamed', { first, last })}>
                  {t('absence.withdraw')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {withdraw.error && <ErrorNotice error={withdraw.error} />}
    </section>
  );
}
