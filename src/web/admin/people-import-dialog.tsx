// The question before an import deactivates people: how many, and how many seats they give up,
// from a dry run of the same file (or from the API's refusal when that changed meanwhile).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../app/types.ts';
import { ImportWarnings } from './people-import-results.tsx';

export interface Deactivation {
  deactivated: number;
  bookingsCancelled: number;
  /** The dry run's report; absent when the counts come from a refused run. */
  dryRun?: ImportReport;
  /** The counts differ from the ones asked about before. */
  changed: boolean;
}

export function ConfirmDeactivation({ ask, onConfirm, onCancel }: { ask: Deactivation; onConfirm: (deactivated: number) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  // Closing is the one way out (Escape too), so the answer is read when it closes.
  const confirmed = useRef(false);
  const cancel = useRef<HTMLButtonElement>(null);
  // showModal focuses the first button, which deactivates: Cancel takes the focus, so Enter is safe.
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
    cancel.current?.focus();
  }, []);
  return (
    <dialog ref={dialog} className="import-dialog" aria-labelledby="import-confirm-title" onClose={() => (confirmed.current ? onConfirm(ask.deactivated) : onCancel())}>
      <form method="dialog" className="stacked" onSubmit={(e) => { e.preventDefault(); confirmed.current = true; dialog.current?.close(); }}>
        <h2 id="import-confirm-title">{t('peopleImport.confirmTitle', { count: ask.deactivated })}</h2>
        {ask.changed && <p><strong>{t('peopleImport.changed')}</strong></p>}
        <p>{t('peopleImport.confirmPeople', { count: ask.deactivated })}</p>
        <p>{t('peopleImport.confirmSeats', { count: ask.bookingsCancelled })}</p>
        {ask.dryRun && (
          <>
            <p>{t('people.report', { ...ask.dryRun })}</p>
            <ImportWarnings report={ask.dryRun} />
          </>
        )}
        <div className="actions">
          <button type="submit" className="danger">{t('peopleImport.confirm', { count: ask.deactivated })}</button>
          <button ref={cancel} type="button" onClick={() => dialog.current?.close()}>{t('peopleImport.cancel')}</button>
        </div>
      </form>
    </dialog>
  );
}
