// A proposal week by week: per place the sessions and seats needed against those planned, how many
// of the week's seats are for people waiting in lines (in words when withheld), then the week's
// sessions in the place's own time, each removable while the plan is a draft; sessions that clashed
// at publishing are marked.
import { useTranslation } from 'react-i18next';
import type { ProposalView } from '../../features/planner/schema.ts';
import { DataTable } from '../app/data-table.tsx';
import { dayLabel, spanLabel } from '../app/time.ts';
import { Withheld } from '../privacy-floor/withheld.tsx';

type Session = ProposalView['sessions'][number];
type Clash = 'ROOM_BUSY' | 'COACH_BUSY' | 'COACH_AWAY' | 'COACH_INACTIVE' | 'STARTS_IN_PAST' | 'ROOM_RETIRED' | 'ROOM_TOO_SMALL' | 'MODULE_RETIRED';

export function ProposalWeeks({ view, editable, removing, onRemove, conflicts }: {
  view: ProposalView;
  editable: boolean;
  removing: boolean;
  onRemove: (sessionKey: string) => void;
  conflicts: Map<string, Clash[]>;
}) {
  const { t, i18n } = useTranslation();
  const placeLabel = (kind: 'site' | 'virtual', place: string) => (kind === 'site' ? place : t('planner.online', { zone: place }));
  const when = (s: Session) => spanLabel(s.startsAt, s.endsAt, s.zone, i18n.language);
  const weeks = Array.from({ length: view.weeks }, (_, w) => w);
  return (
    <>
      {weeks.map((w) => {
        const monday = new Date(Date.parse(view.horizonStart) + w * 7 * 86_400_000).toISOString();
        const places = view.placeWeeks.filter((r) => r.week === w);
        const sessions = view.sessions.filter((s) => s.week === w);
        const waiting = view.fromWaitingLists[w] ?? 0;
        return (
          <section key={w} className="planner-week" aria-labelledby={`week-${w}`}>
            <h2 id={`week-${w}`}>{t('planner.week', { n: w + 1, day: dayLabel(monday, 'UTC', i18n.language) })}</h2>
            {places.length > 0 && (
              <DataTable
                rows={places}
                rowKey={(r) => `${r.kind}|${r.place}`}
                rowClassName={(r) => (r.sessionsPlanned < r.sessionsNeeded ? 'short' : undefined)}
                columns={[
                  { label: t('planner.place'), cell: (r) => placeLabel(r.kind, r.place), rowHeader: true },
                  { label: t('planner.needed'), cell: (r) => r.sessionsNeeded },
                  { label: t('planner.planned'), cell: (r) => r.sessionsPlanned },
                  { label: t('planner.seatsNeeded'), cell: (r) => r.seatsNeeded },
                  { label: t('planner.seatsOffered'), cell: (r) => r.seatsOffered },
                ]}
              />
            )}
            {waiting === null && <p className="hint">{t('planner.fromWaitingLists', { count: '—' })} <Withheld compact minimum={view.minimumPeople} /></p>}
            {waiting !== null && waiting > 0 && <p className="hint">{t('planner.fromWaitingLists', { count: waiting })}</p>}
            {sessions.length === 0 ? <p>{t('planner.empty')}</p> : (
              <DataTable
                rows={sessions}
                rowKey={(s) => s.key}
                rowClassName={(s) => (conflicts.has(s.key) ? 'conflict' : undefined)}
                columns={[
                  { label: t('planner.when'), cell: (s) => when(s), rowHeader: true },
                  { label: t('planner.place'), cell: (s) => placeLabel(s.kind, s.place) },
                  { label: t('planner.room'), cell: (s) => s.roomName ?? '—' },
                  { label: t('planner.coach'), cell: (s) => s.coachName },
                  { label: t('planner.module'), cell: (s) => s.moduleTitle },
                  {
                    label: t('planner.remove'), actions: true,
                    cell: (s) => (
                      <>
                        {conflicts.has(s.key) && <span className="notice error">{conflicts.get(s.key)!.map((c) => t(`planner.conflict.${c}`)).join(', ')}</span>}
                        {editable && (
                          <button type="button" disabled={removing} onClick={() => onRemove(s.key)} aria-label={t('planner.removeLabel', { when: when(s), coach: s.coachName })}>
                            {t('planner.remove')}
                          </button>
                        )}
                      </>
                    ),
                  },
                ]}
              />
            )}
          </section>
        );
      })}
    </>
  );
}
