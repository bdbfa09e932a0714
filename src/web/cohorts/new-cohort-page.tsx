// A new cohort: name, module, people, rounds (a first date and every N weeks, in a time zone), the
// coaches and rooms or meeting links; "Form the groups" makes the draft and opens its preview.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import type { CohortView } from '../../features/cohorts/schema.ts';
import { api } from '../app/api.ts';
import { useMe } from '../app/me.ts';
import { ErrorNotice, Loading } from '../app/status.tsx';
import { timeZones, wallClockToInstant } from '../app/time.ts';
import type { CoachList, Format, Module } from '../app/types.ts';
import { ModulePicker } from '../coach/module-picker.tsx';
import { useRooms } from '../sessions/catalog.ts';
import { COHORTS_KEY } from './cohort-query.ts';
import { groupCount } from './group-count.ts';
import { PeoplePicker, type Chosen } from './people-picker.tsx';
import { bestStart, outsideCount, WORKING_HOURS } from './working-hours.ts';
import { NumberInput } from '../app/number-input.tsx';

export function NewCohortPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [module, setModule] = useState<Module | undefined>();
  const [people, setPeople] = useState<Chosen[]>([]);
  const [rounds, setRounds] = useState(10);
  const [firstStart, setFirstStart] = useState('');
  const [everyWeeks, setEveryWeeks] = useState(1);
  const [timeZone, setTimeZone] = useState(me.timeZone);
  const [format, setFormat] = useState<Format>('in_person');
  const [roomIds, setRoomIds] = useState<string[]>([]);
  const [links, setLinks] = useState('');
  const [coachIds, setCoachIds] = useState<string[]>([]);
  const rooms = useRooms();
  const coaches = useQuery({ queryKey: ['coaches'], queryFn: () => api<CoachList>('GET', '/api/coaches').then((r) => r.items) });
  const groups = groupCount(people.length);
  const zones = people.map((p) => p.timeZone);
  const startIso = firstStart ? wallClockToInstant(firstStart, timeZone) : null;
  const minutes = module?.durationMinutes ?? 90;
  // Only where the people span zones: in one zone the admin sees the hours for themself.
  const pattern = { timeZone, rounds, everyWeeks };
  const spread = new Set(zones).size > 1 && startIso ? { outside: outsideCount(startIso, minutes, zones, pattern), best: bestStart(startIso, minutes, zones, pattern) } : null;

  const create = useMutation({
    mutationFn: () => api<z.infer<typeof CohortView>>('POST', '/api/cohorts', {
      name: name.trim(), moduleId: module?.id, personIds: people.map((p) => p.id), rounds, timeZone,
      firstStartsAt: firstStart, everyWeeks, format, coachIds,
      ...(format === 'in_person' ? { roomIds } : { onlineUrls: links.split(/\s+/).filter(Boolean) }),
      language: module?.language,
    }),
    onSuccess: async (cohort) => {
      await client.invalidateQueries({ queryKey: COHORTS_KEY });
      void navigate(`/admin/cohorts/${cohort.id}`);
    },
  });
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));

  return (
    <section className="narrow new-cohort">
      <h1>{t('cohorts.form.title')}</h1>
      <form className="stacked" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        <label>
          {t('cohorts.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
        </label>
        <ModulePicker value={module?.id ?? ''} onChange={setModule} />
        <PeoplePicker chosen={people} onChange={setPeople} />
        <label>
          {t('cohorts.form.rounds')}
          <NumberInput min={1} max={52} value={rounds} onValue={setRounds} required />
        </label>
        <label>
          {t('cohorts.form.firstStart')}
          <input type="datetime-local" value={firstStart} onChange={(e) => setFirstStart(e.target.value)} required />
        </label>
        <label>
          {t('cohorts.form.everyWeeks')}
          <NumberInput min={1} max={8} value={everyWeeks} onValue={setEveryWeeks} required />
        </label>
        <label>
          {t('cohorts.form.zone')}
          <select value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {(timeZones().includes(timeZone) ? timeZones() : [timeZone, ...timeZones()]).map((z) => <option key={z} value={z}>{z}</option>)}
          </select>
        </label>
        {spread && (
          <div className={`notice ${spread.outside > 0 ? 'warning' : ''}`} role="status">
            <p>{t('cohorts.form.zones', { zones: new Set(zones).size, count: spread.outside, ...WORKING_HOURS })}</p>
            {spread.best.outside < spread.outside && (
              <p>
                {t('cohorts.form.best', { time: spread.best.time, zone: timeZone, count: spread.best.outside })}{' '}
                <button type="button" onClick={() => setFirstStart(spread.best.wallClock)}>{t('cohorts.form.useBest', { time: spread.best.time })}</button>
              </p>
            )}
          </div>
        )}
        <fieldset>
          <legend>{t('cohorts.form.format')}</legend>
          {(['in_person', 'virtual'] as const).map((f) => (
            <label key={f} className="checkbox">
              <input type="radio" name="format" checked={format === f} onChange={() => setFormat(f)} />
              {t(`formats.${f}`)}
            </label>
          ))}
        </fieldset>
        <p className="hint" aria-live="polite">
          {people.length > 0 && `${t('cohorts.form.peopleMake', { count: people.length })} ${t(format === 'in_person' ? 'cohorts.form.needsRooms' : 'cohorts.form.needsLinks', { count: groups })}`}
        </p>
        {format === 'in_person' ? (
          <fieldset>
            <legend>{t('cohorts.form.rooms')}</legend>
            {rooms.isPending && <Loading />}
            {rooms.error && <ErrorNotice error={rooms.error} onRetry={() => void rooms.refetch()} />}
            {rooms.data?.length === 0 && (
              <p className="hint">
                <Trans i18nKey="cohorts.form.noRooms" components={{ rooms: <Link to="/admin/rooms" /> }} />
              </p>
            )}
            {rooms.data?.map((r) => (
              <label key={r.id} className="checkbox">
                <input type="checkbox" checked={roomIds.includes(r.id)} onChange={(e) => setRoomIds(toggle(roomIds, r.id, e.target.checked))} />
                {r.name} <span className="meta">{r.site}</span>
              </label>
            ))}
          </fieldset>
        ) : (
          <label>
            {t('cohorts.form.links')}
            <textarea rows={4} value={links} onChange={(e) => setLinks(e.target.value)} placeholder="https://" required />
          </label>
        )}
        <fieldset>
          <legend>{t('cohorts.form.coaches')}</legend>
          {coaches.isPending && <Loading />}
          {coaches.error && <ErrorNotice error={coaches.error} onRetry={() => void coaches.refetch()} />}
          {coaches.data?.length === 0 && (
            <p className="hint">
              <Trans i18nKey="cohorts.form.noCoaches" components={{ people: <Link to="/admin/people" /> }} />
            </p>
          )}
          {coaches.data?.map((c) => (
            <label key={c.id} className="checkbox">
              <input type="checkbox" checked={coachIds.includes(c.id)} onChange={(e) => setCoachIds(toggle(coachIds, c.id, e.target.checked))} />
              {c.name} <span className="meta">{c.site ?? ''}</span>
            </label>
          ))}
        </fieldset>
        {create.error && <ErrorNotice error={create.error} labels={{ coachIds: t('cohorts.form.coaches'), roomIds: t('cohorts.form.rooms'), onlineUrls: t('cohorts.form.links'), rounds: t('cohorts.form.rounds'), firstStartsAt: t('cohorts.form.firstStart'), everyWeeks: t('cohorts.form.everyWeeks'), timeZone: t('cohorts.form.zone'), personIds: t('cohorts.people'), name: t('cohorts.name') }} />}
        <button type="submit" className="primary" disabled={create.isPending || !module || people.length < 2}>
          {create.isPending ? t('cohorts.form.creating') : t('cohorts.form.create')}
        </button>
      </form>
    </section>
  );
}
