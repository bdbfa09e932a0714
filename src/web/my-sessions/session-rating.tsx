// Under a past session on "My sessions": rate it, from its end for 14 days (the API says which
// sessions can be rated now, with the rating already given).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../app/api.ts';
import { ErrorNotice } from '../app/status.tsx';
import type { MyRating, MyRatings } from '../app/types.ts';
import { RatingForm } from '../rate/rating-form.tsx';

const KEY = ['ratings', 'mine'];

/** The sessions the reader can rate now, by session: one request for the page. */
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
  return (
    <details className="session-rating" open={rating.rating === null}>
      <summary>{rating.rating === null ? t('rating.invite') : t('rating.yours', { rating: rating.rating })}</summary>
      <RatingForm idPrefix={rating.sessionId} rating={rating.rating} comment={rating.comment} saving={save.isPending} onSave={(v) => save.mutate(v)} />
      {save.isSuccess && <p role="status">{t('rating.saved')}</p>}
      {save.error && <ErrorNotice error={save.error} />}
    </details>
  );
}
