// Under a past session on "My sessions": what the group suggested and what became of it, as the
// board answered. The group's suggestions name no author, so neither does this.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import type { MySuggestions, Suggestion } from '../app/types.ts';

/** The suggestions of every group the reader was part of, by session: one request for the page. */
export function useGroupOutcomes(enabled: boolean) {
  return useQuery({
    queryKey: ['suggestions', 'mine'],
    queryFn: () => api<MySuggestions>('GET', '/api/me/suggestions'),
    enabled,
    select: (answer) => {
      const bySession = new Map<string, Suggestion[]>();
      for (const s of answer.items) bySession.set(s.sessionId, [...(bySession.get(s.sessionId) ?? []), s]);
      return bySession;
    },
  });
}

export function GroupOutcome({ suggestions }: { suggestions: Suggestion[] }) {
  const { t } = useTranslation();
  return (
    <details className="group-outcome">
      <summary>{t('mySessions.groupSuggestions', { count: suggestions.length })}</summary>
      <ul>
        {suggestions.map((s) => (
          <li key={s.id}>
            <strong>{s.title}</strong> <span className={`badge status-${s.status}`}>{t(`suggestionStatus.${s.status}`)}</span>
            {s.response && <p className="suggestion-body">{s.response}</p>}
          </li>
        ))}
      </ul>
    </details>
  );
}
