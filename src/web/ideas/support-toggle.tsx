// Support an idea, or withdraw it: a toggle button beside the number of supporters (never who).
// Once an idea is done or declined it can only be withdrawn. One to four supporters are withheld by
// the API (the privacy floor) and said in words here.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ErrorNotice } from '../app/status.tsx';
import type { Idea, SupportState } from '../app/types.ts';
import { Withheld } from '../privacy-floor/withheld.tsx';

export function SupportToggle({ idea }: { idea: Pick<Idea, 'id' | 'title' | 'supports' | 'supported' | 'canSupport'> }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [saved, setSaved] = useState<SupportState | null>(null);
  const state = saved?.id === idea.id ? saved : idea;
  const toggle = useMutation({
    mutationFn: () => api<SupportState>(state.supported ? 'DELETE' : 'PUT', `/api/ideas/suggestions/${idea.id}/support`),
    onSuccess: (answer) => {
      setSaved(answer);
      // The list and the page read it again when next shown.
      void client.invalidateQueries({ queryKey: ['ideas'], refetchType: 'none' });
    },
  });
  const countId = `supports-${idea.id}`;
  return (
    <div className="support">
      <button
        type="button"
        aria-pressed={state.supported}
        aria-describedby={countId}
        disabled={toggle.isPending || (!state.supported && !idea.canSupport)}
        onClick={() => toggle.mutate()}
      >
        {t('ideas.support')}
      </button>
      <span id={countId} className="support-count" aria-live="polite">
        {state.supports === null ? <Withheld /> : t('ideas.supports', { count: state.supports })}
        {state.supported && <> · {t('ideas.youSupport')}</>}
      </span>
      {!idea.canSupport && !state.supported && <p className="hint">{t('ideas.settled')}</p>}
      {toggle.error && <ErrorNotice error={toggle.error} />}
    </div>
  );
}
