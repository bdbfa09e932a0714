// One cohort: while its groups are formed, the solver's progress; then the preview — its quality
// figures beside their bounds, every round's groups — where the admin moves people by hand and
// publishes all rounds at once; once published, a member who cannot make a round is swapped.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { z } from 'zod';
import type { CohortView, SwapView } from '../../features/cohorts/schema.ts';
import { api, ApiError } from '../app/api.ts';
import { useMe } from '../app/me.ts';
import { usePageTitle } from '../app/page-title.ts';
import { ErrorNotice, Loading, PageLoadError, Success } from '../app/status.tsx';
import { dayLabel, timeLabel } from '../app/time.ts';
import { COHORTS_KEY } from './cohort-query.ts';
import { PublishConflicts, type Conflict } from './publish-conflicts.tsx';
import { isSolving, SolverStatus } from './solver-status.tsx';

type Cohort = z.infer<typeof CohortView>;
type Preview = NonNullable<Cohort['preview']>;
type Round = Preview['rounds'][number];

const POLL_MS = 1_000;

export function CohortPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const key = [...COHORTS_KEY, id];
  const cohort = useQuery({
    queryKey: key,
    queryFn: () => api<Cohort>('GET', `/api/cohorts/${id}`),
    refetchInterval: (q) => (q.state.data && isSolving(q.state.data) ? POLL_MS : false),
  });
  usePageTitle(cohort.data?.name ?? t('cohorts.title'));
  const data = cohort.data;
  return (
    <section className="cohort">
      {cohort.isPending && <Loading />}
      {cohort.error && <PageLoadError error={cohort.error} onRetry={() => void cohort.refetch()} />}
      {data && (
        <>
          <h1>{data.name}</h1>
          <p>
            <span className={`badge ${data.status === 'published' ? 'active' : ''}`}>{t(`cohorts.statuses.${data.status}`)}</span>{' '}
            {t('cohorts.people')}: {data.people} · {t('cohorts.rounds')}: {data.rounds}
          </p>
          <SolverStatus cohort={data} />
          {data.preview && <CohortPreview cohort={data} preview={data.preview} />}
        </>
      )}
    </section>
  );
}

function CohortPreview({ cohort, preview }: { cohort: Cohort; preview: Preview }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const publish = useMutation({
    mutationFn: () => api<Cohort>('POST', `/api/cohorts/${cohort.id}/publish`),
    onSuccess: async (c) => {
      client.setQueryData([...COHORTS_KEY, cohort.id], c);
      await client.invalidateQueries({ queryKey: ['bookings'] });
    },
    // Refused because the cohort changed elsewhere (published in another tab, formed again): show it as it is now.
    onError: () => void client.invalidateQueries({ queryKey: [...COHORTS_KEY, cohort.id] }),
  });
  const sessions = preview.rounds.reduce((n, r) => n + r.groups.length, 0);
  const conflicts = publish.error instanceof ApiError && publish.error.code === 'COHORT_CONFLICTS' ? (publish.error.details.conflicts as Conflict[]) : null;
  // While the groups are formed again the preview is the old one: publishing it or moving someone in
  // it would be undone by the solve (the API refuses both with COHORT_SOLVING).
  const solving = isSolving(cohort);
  return (
    <>
      <Figures preview={preview} />
      {cohort.status === 'draft' && !solving && (
        <div className="inline-form">
          <button type="button" className="primary" disabled={publish.isPending} onClick={() => window.confirm(t('cohorts.preview.confirmPublish', { count: sessions })) && publish.mutate()}>
            {publish.isPending ? t('cohorts.preview.publishing') : t('cohorts.preview.publish')}
          </button>
        </div>
      )}
      {publish.isPending && <p className="loading" role="status">{t('cohorts.preview.publishingStatus', { count: sessions })}</p>}
      {publish.isSuccess && <Success>{t('cohorts.preview.published', { count: sessions })}</Success>}
      {conflicts ? <PublishConflicts conflicts={conflicts} preview={preview} /> : publish.error && <ErrorNotice error={publish.error} />}
      {preview.rounds.map((round) => <RoundView key={round.round} cohort={cohort} round={round} />)}
    </>
  );
}

function Figures({ preview }: { preview: Preview }) {
  const { t, i18n } = useTranslation();
  const f = preview.figures;
  const groups = preview.rounds.flatMap((r) => r.groups);
  const number = (v: number) => v.toLocaleString(i18n.language, { maximumFractionDigits: 1 });
  const average = groups.reduce((n, g) => n + g.departments, 0) / Math.max(1, groups.length);
  const largest = Math.max(0, ...groups.map((g) => g.largestShare));
  const bound = Math.max(0, ...f.departmentBounds.map((b) => b.bound));
  return (
    <section aria-labelledby="cohort-figures">
      <h2 id="cohort-figures">{t('cohorts.preview.figures')}</h2>
      <dl className="figures">
        <div>
          <dt>{t('cohorts.preview.repeats')}</dt>
          <dd data-testid="repeats">
            {t('cohorts.preview.repeatsValue', { repeats: f.repeats, bound: f.repeatsLowerBound })}
            {!f.earlierEncountersCounted && <span className="hint" data-testid="encounters-not-counted"> {t('cohorts.preview.encountersNotCounted')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('cohorts.preview.departments')}</dt>
          <dd>{t('cohorts.preview.departmentsValue', { average: number(average), largest, bound })}</dd>
        </div>
        <div>
          <dt>{t('cohorts.preview.departmentExcess')}</dt>
          <dd>{f.departmentExcess}</dd>
        </div>
        <div>
          <dt>{t('cohorts.preview.outside', f.workingHours)}</dt>
          <dd>
            {t('cohorts.preview.outsidePeople', { count: f.outsideWorkingHours.people })}, {t('cohorts.preview.outsideSeats', { count: f.outsideWorkingHours.seats })}
          </dd>
        </div>
        <div>
          <dt>{t('cohorts.preview.newColleagues')}</dt>
          <dd>{t('cohorts.preview.newColleaguesValue', { min: f.newColleagues.min, max: f.newColleagues.max, median: number(f.newColleagues.median) })}</dd>
        </div>
      </dl>
    </section>
  );
}

function RoundView({ cohort, round }: { cohort: Cohort; round: Round }) {
  const { t } = useTranslation();
  const me = useMe();
  const when = `${dayLabel(round.startsAt, me.timeZone, me.locale)} ${timeLabel(round.startsAt, me.timeZone, me.locale)}`;
  const title = t('cohorts.preview.round', { round: round.round + 1, when });
  return (
    <section className="cohort-round" aria-label={title}>
      <h2>{title}</h2>
      <div className="cohort-groups">
        {round.groups.map((g) => (
          <article key={g.group} className="card cohort-group" aria-label={`${title} · ${t('cohorts.preview.group', { group: g.group + 1 })}`}>
            <h3>{t('cohorts.preview.group', { group: g.group + 1 })}</h3>
            <ul>
              {g.people.map((p) => (
                <li key={p.id}>
                  {p.name} <span className="meta">{p.department ?? ''}</span>
                  {p.outsideWorkingHours && <span className="meta warning"> · {t('cohorts.preview.outsideMember', { time: p.localStart, zone: p.timeZone })}</span>}
                  {p.holdsSeat === false && <span className="meta warning" data-testid="seat-given-up"> · {t('cohorts.preview.seatGivenUp')}</span>}
                </li>
              ))}
            </ul>
            <p className="meta">
              {t('cohorts.preview.coach', { name: g.coach.name })} · {g.room ? t('cohorts.preview.room', { name: g.room.name }) : t('cohorts.preview.online')}
            </p>
          </article>
        ))}
      </div>
      {cohort.status !== 'published' ? !isSolving(cohort) && <MoveForm cohort={cohort} round={round} />
        // A round under way or held cannot be swapped (the API answers SESSION_STARTED): no form to fill in vain.
        : Date.parse(round.startsAt) > Date.now() ? <SwapForm cohort={cohort} round={round} />
        : <p className="meta">{t('cohorts.preview.roundBegun', { round: round.round + 1 })}</p>}
    </section>
  );
}

function MoveForm({ cohort, round }: { cohort: Cohort; round: Round }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const people = round.groups.flatMap((g) => g.people.map((p) => ({ ...p, group: g.group })));
  const [personId, setPersonId] = useState('');
  const [toGroup, setToGroup] = useState<number | ''>('');
  const [swapWith, setSwapWith] = useState('');
  const from = people.find((p) => p.id === personId)?.group;
  const target = round.groups.find((g) => g.group === toGroup);
  const source = round.groups.find((g) => g.group === from);
  // The API's rule (cohorts/service.ts moveMember): alone only while neither group leaves the sizes
  // of the first round's layout; otherwise someone has to trade places, so "Nobody" is not offered.
  const sizes = cohort.preview!.rounds[0]!.groups.map((g) => g.people.length);
  const alone = !target || !source || (target.people.length + 1 <= Math.max(...sizes) && source.people.length - 1 >= Math.min(...sizes, 3));
  const move = useMutation({
    mutationFn: () => api<Cohort>('POST', `/api/cohorts/${cohort.id}/moves`, { round: round.round, personId, toGroup, ...(swapWith && { swapWith }) }),
    onSuccess: (c) => {
      client.setQueryData([...COHORTS_KEY, cohort.id], c);
      setPersonId('');
      setToGroup('');
      setSwapWith('');
    },
    // A refusal may come from groups changed meanwhile (another tab, another admin): show them as they are.
    onError: () => void client.invalidateQueries({ queryKey: [...COHORTS_KEY, cohort.id] }),
  });
  const legend = t('cohorts.preview.move', { round: round.round + 1 });
  return (
    <form className="inline-form cohort-move" aria-label={legend} onSubmit={(e) => { e.preventDefault(); move.mutate(); }}>
      <fieldset>
        <legend>{legend}</legend>
        <label>
          {t('cohorts.preview.person')}
          <select value={personId} required onChange={(e) => { setPersonId(e.target.value); setToGroup(''); setSwapWith(''); }}>
            <option value="" disabled>—</option>
            {people.map((p) => <option key={p.id} value={p.id}>{p.name} ({t('cohorts.preview.group', { group: p.group + 1 })})</option>)}
          </select>
        </label>
        <label>
          {t('cohorts.preview.toGroup')}
          <select value={toGroup} required disabled={from === undefined} onChange={(e) => { setToGroup(Number(e.target.value)); setSwapWith(''); }}>
            <option value="" disabled>—</option>
            {round.groups.filter((g) => g.group !== from).map((g) => <option key={g.group} value={g.group}>{t('cohorts.preview.group', { group: g.group + 1 })}</option>)}
          </select>
        </label>
        <label>
          {t('cohorts.preview.swapWith')}
          <select value={swapWith} disabled={!target} required={!alone} onChange={(e) => setSwapWith(e.target.value)}>
            {alone ? <option value="">{t('cohorts.preview.nobody')}</option> : <option value="" disabled>—</option>}
            {target?.people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </label>
        <button type="submit" disabled={move.isPending || !personId || toGroup === ''}>{t('cohorts.preview.moveButton')}</button>
      </fieldset>
      {move.isSuccess && <Success>{t('cohorts.preview.moved')}</Success>}
      {move.error && <MoveError error={move.error} />}
    </form>
  );
}

/** GROUP_SIZE numbers the groups from 0, as the API does; the page numbers them from 1. */
function MoveError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.code !== 'GROUP_SIZE') return <ErrorNotice error={error} />;
  const d = error.details as { toGroup: number; toGroupSize: number; fromGroup: number; fromGroupSize: number };
  return (
    <p className="notice error" role="alert">
      {t('cohorts.preview.groupSize', { to: d.toGroup + 1, toSize: d.toGroupSize, from: d.fromGroup + 1, fromSize: d.fromGroupSize })}
    </p>
  );
}

function SwapForm({ cohort, round }: { cohort: Cohort; round: Round }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const people = round.groups.flatMap((g) => g.people);
  const [personId, setPersonId] = useState('');
  const swap = useMutation({
    mutationFn: () => api<z.infer<typeof SwapView>>('POST', `/api/cohorts/${cohort.id}/swaps`, { round: round.round, personId }),
    onSuccess: (r) => client.setQueryData([...COHORTS_KEY, cohort.id], r.cohort),
  });
  const name = (id: string) => people.find((p) => p.id === id)?.name ?? '';
  const legend = t('cohorts.preview.swapTitle', { round: round.round + 1 });
  return (
    // Asked first, as publishing is: the swap moves two booked seats and mails both people at once.
    <form className="inline-form cohort-swap" aria-label={legend} onSubmit={(e) => {
      e.preventDefault();
      if (window.confirm(t('cohorts.preview.confirmSwap', { name: name(personId), round: round.round + 1 }))) swap.mutate();
    }}>
      <fieldset>
        <legend>{legend}</legend>
        <label>
          {t('cohorts.preview.person')}
          <select value={personId} required onChange={(e) => setPersonId(e.target.value)}>
            <option value="" disabled>—</option>
            {people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </label>
        <button type="submit" disabled={swap.isPending || !personId}>{t('cohorts.preview.swapButton')}</button>
      </fieldset>
      {swap.data && (
        <Success>
          {t('cohorts.preview.swapped', {
            person: name(swap.data.swap.personId) || people.find((p) => p.id === swap.data.swap.personId)?.name,
            partner: name(swap.data.swap.partnerId), from: swap.data.swap.fromGroup + 1, to: swap.data.swap.toGroup + 1, repeats: swap.data.swap.newRepeats,
          })}
        </Success>
      )}
      {swap.error && <ErrorNotice error={swap.error} />}
    </form>
  );
}
