// Why publishing a cohort was refused (409 COHORT_CONFLICTS): every group in the way with its round
// and time, the reasons, and who is busy by name — the answer carries only ids, the preview the names.
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CohortView } from '../../features/cohorts/schema.ts';
import { useMe } from '../app/me.ts';
import { dayLabel, timeLabel } from '../app/time.ts';

type Preview = NonNullable<z.infer<typeof CohortView>['preview']>;
export interface Conflict { round: number; group: number; startsAt: string; conflicts: string[]; busyPeople?: string[] }

export function PublishConflicts({ conflicts, preview }: { conflicts: Conflict[]; preview: Preview }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const names = new Map(preview.rounds.flatMap((r) => r.groups.flatMap((g) => g.people.map((p) => [p.id, p.name] as const))));
  const list = (items: string[]) => new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(items);
  const reason = (c: Conflict, code: string) => {
    const busy = (c.busyPeople ?? []).flatMap((id) => names.get(id) ?? []);
    if (code === 'PEOPLE_BUSY' && busy.length > 0) return t('cohorts.preview.busyPeople', { count: busy.length, names: list(busy) });
    return t(`cohorts.preview.reasons.${code}`);
  };
  return (
    <div className="notice error" role="alert">
      <p>{t('cohorts.preview.conflicts')}</p>
      <ul>
        {conflicts.map((c) => (
          <li key={`${c.round}-${c.group}`}>
            {t('cohorts.preview.conflict', {
              round: c.round + 1, group: c.group + 1,
              when: `${dayLabel(c.startsAt, me.timeZone, me.locale)} ${timeLabel(c.startsAt, me.timeZone, me.locale)}`,
              reason: c.conflicts.map((code) => reason(c, code)).join('; '),
            })}
          </li>
        ))}
      </ul>
      <p>{t('cohorts.preview.conflictsHelp')}</p>
    </div>
  );
}
