// Five choices and a comment: the same form on "My sessions" and behind the mail's link. A radio
// group, so a screen reader says "3 – useful, 3 of 5" and arrows move between the choices.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function RatingForm({ idPrefix, rating, comment, saving, onSave }: {
  idPrefix: string;
  rating: number | null;
  comment: string;
  saving: boolean;
  onSave: (value: { rating: number; comment: string }) => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<number | null>(rating);
  const [text, setText] = useState(comment);
  return (
    <form
      className="rating-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (chosen !== null) onSave({ rating: chosen, comment: text.trim() });
      }}
    >
      <fieldset>
        <legend>{t('rating.question')}</legend>
        <div className="rating-choices">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className={chosen === n ? 'chosen' : undefined}>
              <input type="radio" name={`${idPrefix}-rating`} value={n} checked={chosen === n} onChange={() => setChosen(n)} />
              <span>{t(`rating.option${n}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <label>
        {t('rating.comment')}
        <textarea value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} rows={2} />
      </label>
      <p className="hint">{t('rating.anonymous')}</p>
      <button type="submit" className="primary" disabled={saving || chosen === null}>
        {rating === null ? t('rating.send') : t('rating.change')}
      </button>
    </form>
  );
}
