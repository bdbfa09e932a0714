// Move a published session to another time, given as wall-clock time in the session's own zone.
// The API checks room and coach and tells everyone with a seat; a refusal is shown as a sentence.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ErrorNotice, Success } from '../app/status.tsx';
import { spanLabel } from '../app/time.ts';
import type { Session } from '../app/types.ts';
import './change-time-texts.ts';

export function ChangeTimeForm({ session }: { session: Pick<Session, 'id' | 'timeZone' | 'sessionLocal'> }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const current = session.sessionLocal.startsAt.slice(0, 16);
  const [start, setStart] = useState(current);
  const save = useMutation({
    mutationFn: () => api<Session>('PATCH', `/api/sessions/${session.id}`, { startsAt: start }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sessions'] }),
  });
  const inputId = `change-time-${session.id}`;
  return (
    <form
      className="stacked"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label htmlFor={inputId}>{t('changeTime.start')}</label>
      <input
        id={inputId}
        type="datetime-local"
        value={start}
        required
        aria-describedby={`${inputId}-zone`}
        onChange={(e) => {
          setStart(e.target.value);
          save.reset();
        }}
      />
      <p id={`${inputId}-zone`} className="hint">
        {t('changeTime.zone', { zone: session.timeZone })}
      </p>
      {start === current && !save.isSuccess && <p className="hint">{t('changeTime.unchanged')}</p>}
      <button type="submit" className="primary" disabled={save.isPending || !start || start === current}>
        {t('changeTime.save')}
      </button>
      {save.data && <Success>{t('changeTime.done', { when: spanLabel(save.data.startsAt, save.data.endsAt, save.data.timeZone, i18n.language) })}</Success>}
      {save.error && (
        <div>
          <p>{t('changeTime.refused')}</p>
          <ErrorNotice error={save.error} />
        </div>
      )}
    </form>
  );
}

/** The "Change time" button that opens the form: for the session page, where its coach or an admin looks. */
export function ChangeTimeAction({ session, title }: { session: Pick<Session, 'id' | 'timeZone' | 'sessionLocal'>; title: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <section>
      <button type="button" aria-expanded={open} aria-label={t('changeTime.openFor', { title })} onClick={() => setOpen(!open)}>
        {t('changeTime.open')}
      </button>
      {open && <ChangeTimeForm session={session} />}
    </section>
  );
}
