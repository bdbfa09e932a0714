// Cancel a session with a reason (its coach, or an admin). Its texts are in the main locales: both
// the coach and the admin area show this form.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ErrorNotice, Success } from '../app/status.tsx';
import type { Session } from '../app/types.ts';

export function CancelSessionForm({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const cancel = useMutation({
    mutationFn: () => api<Session>('POST', `/api/sessions/${sessionId}/cancel`, { reason }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sessions'] }),
  });
  return (
    <form
      className="stacked"
      onSubmit={(e) => {
        e.preventDefault();
        cancel.mutate();
      }}
    >
      <label>
        {t('cancelSession.reason')}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} rows={3} />
      </label>
      <button type="submit" disabled={cancel.isPending || !reason.trim()}>
        {t('cancelSession.confirm')}
      </button>
      {cancel.isSuccess && <Success>{t('cancelSession.done')}</Success>}
      {cancel.error && <ErrorNotice error={cancel.error} />}
    </form>
  );
}
