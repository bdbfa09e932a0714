// The dates of a series, each free or with what stands in its way. With choices, a date at fault
// (or one already skipped or moved) can be skipped or moved to another time, then checked again.
import { useTranslation } from 'react-i18next';
import { dayLabel, spanLabel } from '../app/time.ts';
import type { Occurrence } from '../app/types.ts';

export interface DateChoices {
  skip: string[];
  moves: Record<string, string>;
  /** A new choice for one date: keep it, skip it, or move it (to a wall-clock start in the series' zone). */
  choose: (date: string, choice: 'keep' | 'skip' | { moveTo: string }) => void;
  /** Check again with the choices as they stand (after typing a moved date's time). */
  recheck: () => void;
  checking: boolean;
}

export function SeriesDates({ occurrences, timeZone, choices }: { occurrences: Occurrence[]; timeZone: string; choices?: DateChoices }) {
  const { t, i18n } = useTranslation();
  const conflicting = occurrences.filter((o) => o.conflicts.length > 0).length;
  const skipped = occurrences.filter((o) => o.skipped).length;
  return (
    <section aria-labelledby="series-dates">
      <h2 id="series-dates">{t('publish.dates')}</h2>
      <p className={conflicting ? 'notice error' : 'notice success'} role={conflicting ? 'alert' : 'status'}>
        {conflicting ? t('publish.conflicts', { count: conflicting }) : skipped ? t('publish.allKeptFree', { count: skipped }) : t('publish.allFree')}
      </p>
      <ol className="series-dates">
        {occurrences.map((o) => {
          const original = dayLabel(`${o.date}T12:00:00Z`, 'UTC', i18n.language);
          const state = o.skipped ? t('publish.skipped') : o.conflicts.length ? o.conflicts.map((c) => t(`publish.conflict.${c}`)).join(', ') : t('publish.free');
          const movable = choices && (o.conflicts.length > 0 || o.skipped || o.moved || o.date in choices.moves);
          return (
            <li key={o.date || o.startsAt} className={o.skipped ? 'skipped' : o.conflicts.length ? 'conflict' : 'free'}>
              {o.skipped ? original : spanLabel(o.startsAt, o.endsAt, timeZone, i18n.language)}
              {o.moved && ` (${t('publish.movedFrom', { date: original })})`}: <strong>{state}</strong>
              {movable && <DateChoice occurrence={o} original={original} choices={choices} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function DateChoice({ occurrence, original, choices }: { occurrence: Occurrence; original: string; choices: DateChoices }) {
  const { t } = useTranslation();
  const date = occurrence.date;
  const skipping = choices.skip.includes(date);
  const moveTo = choices.moves[date];
  const moving = moveTo !== undefined;
  const inputId = `move-${date}`;
  return (
    <div>
      <div className="actions" role="group" aria-label={t('publish.choiceFor', { date: original })}>
        <button type="button" aria-pressed={!skipping && !moving} disabled={choices.checking} onClick={() => choices.choose(date, 'keep')}>
          {t('publish.keep')}
        </button>
        <button type="button" aria-pressed={skipping} disabled={choices.checking} onClick={() => choices.choose(date, 'skip')}>
          {t('publish.skip')}
        </button>
        <button
          type="button"
          aria-pressed={moving}
          disabled={choices.checking}
          onClick={() => choices.choose(date, { moveTo: moveTo ?? occurrence.sessionLocal.startsAt.slice(0, 16) })}
        >
          {t('publish.move')}
        </button>
      </div>
      {moving && (
        <div className="inline-form">
          <label htmlFor={inputId}>{t('publish.moveTo', { date: original })}</label>
          <input id={inputId} type="datetime-local" value={moveTo} required onChange={(e) => choices.choose(date, { moveTo: e.target.value })} />
          <button type="button" disabled={choices.checking || !moveTo} onClick={choices.recheck}>
            {t('publish.checkMove')}
          </button>
        </div>
      )}
    </div>
  );
}
