// The learning loop's mails. A digest names suggestions and their outcome, never who typed one;
// the request to rate names only the session.
import { DateTime } from 'luxon';
import type { Locale } from '../../../db/schema.ts';
import type { OutcomeItem, WaitingItem } from '../loop/queries.ts';
import type { SessionFacts } from '../queries.ts';
import { shortWhen, type Block } from './layout.ts';
import { loopWording } from './loop-wording.ts';

export type LoopFacts =
  | { kind: 'suggestion_digest'; items: OutcomeItem[]; url: string; settingsUrl: string }
  | { kind: 'owner_digest'; items: WaitingItem[]; assigned: number; unassigned: number; baseUrl: string }
  | { kind: 'feedback_request'; session: SessionFacts; rateUrl: (rating: number) => string; days: number };

/** The subject and the blocks between the greeting and the footer. */
export function composeLoop(facts: LoopFacts, to: { locale: Locale; timeZone: string }): { subject: string; blocks: Block[] } {
  const w = loopWording(to.locale);
  const day = (at: Date) => DateTime.fromJSDate(at, { zone: to.timeZone }).setLocale(to.locale).toLocaleString(DateTime.DATE_MED);

  if (facts.kind === 'suggestion_digest') {
    const blocks: Block[] = [{ p: w.digestBody }];
    for (const item of facts.items) {
      const said = [item.merged ? w.digestMerged : '', item.response.trim() ? w.digestResponse(item.response.trim()) : ''].filter(Boolean);
      blocks.push({ heading: w.digestItem(item.title, w.status[item.status], item.module_title, day(item.session_starts_at)), list: said });
    }
    blocks.push({ link: facts.url, label: w.digestButton, id: 'digest-link' }, { p: w.digestOptOut(facts.settingsUrl) });
    return { subject: w.digestSubject(facts.items.length), blocks };
  }

  if (facts.kind === 'owner_digest') {
    const line = (i: WaitingItem) => `${w.ownerItem(i.title, w.status[i.status], i.module_title, day(i.created_at))}: ${facts.baseUrl}/board/${i.id}`;
    const assigned = facts.items.filter((i) => i.assigned);
    const unassigned = facts.items.filter((i) => !i.assigned);
    const blocks: Block[] = [{ p: w.ownerBody(facts.assigned, facts.unassigned) }];
    if (assigned.length > 0) blocks.push({ heading: w.ownerAssignedHeading, list: assigned.map(line) });
    if (unassigned.length > 0) blocks.push({ heading: w.ownerUnassignedHeading, list: unassigned.map(line) });
    blocks.push({ link: `${facts.baseUrl}/board`, label: w.ownerButton });
    return { subject: w.ownerSubject(facts.assigned + facts.unassigned), blocks };
  }

  const s = facts.session;
  return {
    subject: w.rateSubject(s.module_title, shortWhen(s.starts_at, to.timeZone, to.locale)),
    blocks: [
      { p: w.rateBody },
      ...[5, 4, 3, 2, 1].map((r): Block => ({ link: facts.rateUrl(r), label: w.rateOption(r), id: `rate-${r}` })),
      { p: w.rateAfter(facts.days) },
      { p: w.rateAnonymous },
    ],
  };
}
