// Under a past session on "My sessions": rate it, from its end for 14 days; a rating given earlier
// stays shown, no longer changed (the API gives one's own ratings and what can be rated now).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ErrorNotice } from '../app/status.tsx';
import type { MyRating, MyRatings } from '../app/types.ts';
import { RatingForm } from '../rate/rating-form.tsx';

const KEY = ['ratings', 'mine'];

/** The reader's ratings and the sessions they can rate now, by session: one request for the page. */
export function useMyRatings(enabled: boolean) {
  return useQuery({
    queryKey: KEY,
    queryFn: () => api<MyRatings>('GET', '/api/me/ratings'),
    enabled,
    select: (answer) => new Map(answer.items.map((r) => [r.sessionId, r])),
  });
}

export function SessionRating({ rating }: { rating: MyRating }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (body: { rating: number; comment: string }) => api<MyRating>('PUT', `/api/sessions/${rating.sessionId}/rating`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
  if (!rating.rateable) {
    if (rating.rating === null) return null;
    return (
      <p className="session-rating">
        {t('rating.yours', { rating: rating.rating })}
        {rating.comment && ` · ${t('rating.yourComment', { comment: rating.comment })}`}
      </p>
    );
  }
  return (
    <details className="session-rating" open={rating.rating === null}>
      <summary>{rating.rating === null ? t('rating.invite') : t('rating.yours', { rating: rating.rating })}</summary>
      <RatingForm idPrefix={rating.sessionId} rating={rating.rating} comment={rating.comment} saving={save.isPending} onSave={(v) => save.mutate(v)} />
      {save.isSuccess && <p role="status">{t('rating.saved')}</p>}
      {save.error && <ErrorNotice error={save.error} />}
    </details>
  );
}
