// Publish one session or a series: module, time in a chosen zone, place (a room free then, or a
// link), language, seats. A series shows every date and what stands in its way before saving; a
// date at fault can be skipped or moved, and the rest published.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError } from '../app/api.ts';
import { useMe } from '../app/me.ts';
import { ErrorNotice, Success } from '../app/status.tsx';
import { timeZones, wallClockToInstant } from '../app/time.ts';
import type { Format, Locale, Module, Occurrence, SeriesCheck, SeriesPublished, Session } from '../app/types.ts';
import { useSettings } from '../app/settings.ts';
import { ModulePicker } from './module-picker.tsx';
import { RoomSelect } from './room-select.tsx';
import { SeriesDates, type DateChoices } from './series-dates.tsx';
import { usePageTitle } from '../app/page-title.ts';
import { NumberInput } from '../app/number-input.tsx';

export function PublishPage() {
  const { t } = useTranslation();
  const me = useMe();
  usePageTitle(t('publish.title'));
  const client = useQueryClient();
  const settings = useSettings();
  const [module, setModule] = useState<Module | undefined>();
  const [start, setStart] = useState('');
  const [timeZone, setTimeZone] = useState(me.timeZone);
  const [duration, setDuration] = useState<number | ''>('');
  const [format, setFormat] = useState<Format>('in_person');
  const [roomId, setRoomId] = useState('');
  const [link, setLink] = useState('');
  const [note, setNote] = useState('');
  const [language, setLanguage] = useState<Locale | ''>('');
  const [capacity, setCapacity] = useState<number | ''>('');
  const [repeat, setRepeat] = useState(false);
  const [everyWeeks, setEveryWeeks] = useState(1);
  const [occurrences, setOccurrences] = useState(4);
  // Per date of the series (yyyy-mm-dd in its zone): left out, or moved to a wall-clock start.
  const [skip, setSkip] = useState<string[]>([]);
  const [moves, setMoves] = useState<Record<string, string>>({});
  // Other dates make other series: choices for the old dates would be refused.
  const resetChoices = () => {
    setSkip([]);
    setMoves({});
  };

  const minutes = duration || module?.durationMinutes || 90;
  const startInstant = start ? wallClockToInstant(start, timeZone) : null;
  const free = startInstant ? { from: startInstant, to: new Date(new Date(startInstant).getTime() + minutes * 60_000).toISOString() } : null;

  const body = (choice = { skip, moves }) => ({
    moduleId: module?.id,
    startsAt: start,
    timeZone,
    durationMinutes: minutes,
    format,
    ...(format === 'in_person' ? { roomId } : { onlineUrl: link }),
    ...(note.trim() && { locationNote: note.trim() }),
    language: language || module?.language,
    ...(capacity !== '' && { capacity }),
    ...(repeat && { everyWeeks, occurrences }),
    ...(repeat && choice.skip.length > 0 && { skip: choice.skip }),
    ...(repeat && Object.keys(choice.moves).length > 0 && { moves: Object.entries(choice.moves).map(([date, startsAt]) => ({ date, startsAt })) }),
  });

  const check = useMutation({ mutationFn: (b: ReturnType<typeof body>) => api<SeriesCheck>('POST', '/api/sessions/series/check', b) });
  const recheck = (choice = { skip, moves }) => {
    // A fresh check replaces the dates of an earlier refusal.
    publish.reset();
    check.mutate(body(choice));
  };
  const publish = useMutation({
    mutationFn: () =>
      repeat
        ? api<SeriesPublished>('POST', '/api/sessions/series', body()).then((r) => r.sessions)
        : api<Session>('POST', '/api/sessions', body()).then((s) => [s]),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sessions'] }),
  });
  // A refused series carries the dates at fault: show them like a check.
  const refusedDates =
    publish.error instanceof ApiError && publish.error.code === 'SERIES_CONFLICTS' ? (publish.error.details.conflicts as Occurrence[]) : null;

  const choices: DateChoices = {
    skip,
    moves,
    checking: check.isPending,
    recheck: () => recheck(),
    choose: (date, choice) => {
      const nextSkip = choice === 'skip' ? [...skip.filter((d) => d !== date), date] : skip.filter((d) => d !== date);
      const { [date]: _was, ...otherMoves } = moves;
      const nextMoves = typeof choice === 'object' ? { ...otherMoves, [date]: choice.moveTo } : otherMoves;
      setSkip(nextSkip);
      setMoves(nextMoves);
      // A move waits for its new time and "Check this time"; keeping or skipping shows its effect at once.
      if (typeof choice !== 'object') recheck({ skip: nextSkip, moves: nextMoves });
    },
  };

  return (
    <section className="narrow">
      <h1>{t('publish.title')}</h1>
      <form
        className="stacked"
        onSubmit={(e) => {
          e.preventDefault();
          publish.mutate();
        }}
      >
        <ModulePicker
          value={module?.id ?? ''}
          onChange={(m) => {
            setModule(m);
            setDuration('');
          }}
        />
        <label>
          {t('publish.start')}
          <input
            type="datetime-local"
            value={start}
            onChange={(e) => {
              setStart(e.target.value);
              resetChoices();
            }}
            required
          />
        </label>
        <label>
          {t('publish.zone')}
          <select
            value={timeZone}
            onChange={(e) => {
              setTimeZone(e.target.value);
              resetChoices();
            }}
          >
            {(timeZones().includes(timeZone) ? timeZones() : [timeZone, ...timeZones()]).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('publish.duration')}
          <input type="number" min={15} max={480} step={15} value={duration === '' ? minutes : duration} onChange={(e) => setDuration(e.target.value ? Number(e.target.value) : '')} />
        </label>
        <fieldset>
          <legend>{t('publish.format')}</legend>
          <label className="checkbox">
            <input type="radio" name="format" checked={format === 'in_person'} onChange={() => setFormat('in_person')} />
            {t('formats.in_person')}
          </label>
          <label className="checkbox">
            <input type="radio" name="format" checked={format === 'virtual'} onChange={() => setFormat('virtual')} />
            {t('formats.virtual')}
          </label>
        </fieldset>
        {format === 'in_person' ? (
          <RoomSelect label={t('publish.room')} free={free} value={roomId} onChange={setRoomId} />
        ) : (
          <label>
            {t('publish.link')}
            <input type="url" value={link} onChange={(e) => setLink(e.target.value)} required placeholder="https://" />
          </label>
        )}
        <label>
          {t('publish.note')}
          <textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={2} />
        </label>
        <label>
          {t('publish.language')}
          <select value={language || module?.language || 'en'} onChange={(e) => setLanguage(e.target.value as Locale)}>
            <option value="en">{t('languages.en')}</option>
            <option value="de">{t('languages.de')}</option>
          </select>
        </label>
        <label>
          {t('publish.capacity')}
          <input type="number" min={1} max={50} value={capacity === '' ? (settings.data?.defaultCapacity ?? 4) : capacity} onChange={(e) => setCapacity(e.target.value ? Number(e.target.value) : '')} />
        </label>
        <fieldset>
          <legend>{t('publish.repeat')}</legend>
          <label className="checkbox">
            <input type="checkbox" checked={repeat} onChange={(e) => setRepeat(e.target.checked)} />
            {t('publish.repeat')}
          </label>
          {repeat && (
            <>
              <label>
                {t('publish.everyWeeks')}
                <NumberInput
                  min={1}
                  max={8}
                  value={everyWeeks}
                  onValue={(v) => {
                    setEveryWeeks(v);
                    resetChoices();
                  }}
                  required
                />
              </label>
              <label>
                {t('publish.occurrences')}
                <NumberInput
                  min={2}
                  max={26}
                  value={occurrences}
                  onValue={(v) => {
                    setOccurrences(v);
                    resetChoices();
                  }}
                  required
                />
              </label>
              <button
                type="button"
                onClick={() => recheck()}
                disabled={check.isPending || !module || !start}>
                {t('publish.check')}
              </button>
            </>
          )}
        </fieldset>
        {repeat && check.data && !refusedDates && <SeriesDates occurrences={check.data.occurrences} timeZone={timeZone} choices={choices} />}
        {repeat && check.error && <ErrorNotice error={check.error} />}
        {refusedDates && <SeriesDates occurrences={refusedDates} timeZone={timeZone} choices={choices} />}
        <button type="submit" className="primary" disabled={publish.isPending || !module}>
          {repeat ? t('publish.submitSeries') : t('publish.submit')}
        </button>
      </form>
      {publish.error && !refusedDates && <ErrorNotice error={publish.error} />}
      {publish.data && (
        <Success>
          {repeat ? t('publish.publishedSeries', { count: publish.data.length }) : t('publish.published')}{' '}
          <Link to={`/sessions/${publish.data[0]!.id}`}>{t('publish.view')}</Link> · <Link to="/coach">{t('coach.title')}</Link>
        </Success>
      )}
    </section>
  );
}
