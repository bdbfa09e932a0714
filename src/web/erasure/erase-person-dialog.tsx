// The admin's "Erase…" on the people page: a dialog that says what happens and asks for the
// person's address before it erases them (POST /api/admin/people/:id/erasure).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErasedT } from '../../features/erasure/schema.ts';
import { api } from '../app/api.ts';
import { ErrorNotice } from '../app/status.tsx';
import './erasure-i18n.ts';
import './erasure.css';

export function ErasePersonButton({ person, onDone }: { person: { id: string; name: string; email: string }; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const client = useQueryClient();
  const erase = useMutation({
    mutationFn: () => api<ErasedT>('POST', `/api/admin/people/${person.id}/erasure`, { confirmEmail: typed }),
    onSuccess: (answer) => {
      dialog.current?.close();
      onDone(t('erasure.adminDone', { name: person.name, count: answer.bookingsCancelled }));
      void client.invalidateQueries({ queryKey: ['admin', 'people'] });
    },
  });
  const matches = typed.trim().toLowerCase() === person.email.toLowerCase();
  return (
    <>
      <button type="button" className="danger" onClick={() => { erase.reset(); setTyped(''); dialog.current?.showModal(); }} aria-label={t('erasure.adminButtonNamed', { name: person.name })}>
        {t('erasure.adminButton')}
      </button>
      <dialog ref={dialog} className="erase-dialog" aria-labelledby={`erase-${person.id}`}>
        <form method="dialog" className="stacked" onSubmit={(e) => { e.preventDefault(); if (matches) erase.mutate(); }}>
          <h2 id={`erase-${person.id}`}>{t('erasure.adminTitle', { name: person.name })}</h2>
          <p>{t('erasure.adminIntro')}</p>
          <label>
            {t('erasure.adminConfirmLabel')}
            <input type="email" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" required placeholder={person.email} />
          </label>
          {erase.error && <ErrorNotice error={erase.error} />}
          <div className="actions">
            <button type="submit" className="danger" disabled={!matches || erase.isPending}>{t('erasure.adminConfirm')}</button>
            <button type="button" onClick={() => dialog.current?.close()}>{t('erasure.cancel')}</button>
          </div>
        </form>
      </dialog>
    </>
  );
}
