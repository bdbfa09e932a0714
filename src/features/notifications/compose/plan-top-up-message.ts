// The mail "the coming weeks run short" (features/planner, the weekly top-up), in English and
// German: which weeks offer fewer seats than needed, and a link to the draft that would fill them.
import type { Locale } from '../../../db/schema.ts';
import type { Tx } from '../../../db/transaction.ts';
import { proposalStatus } from '../queries.ts';
import { longDay, type Block } from './layout.ts';

export interface PlanTopUpFacts {
  kind: 'plan_top_up';
  weeks: Array<{ startsOn: string; seatsOffered: number; seatsNeeded: number }>;
  url: string;
}

/** The facts from the message's detail, or why it has nothing left to say (the draft is gone or published). */
export async function planTopUpFacts(tx: Tx, orgId: string, detail: Record<string, unknown>, baseUrl: string): Promise<PlanTopUpFacts | string> {
  const proposalId = String(detail.proposalId);
  const status = await proposalStatus(tx, orgId, proposalId);
  if (!status) return 'the proposal is gone';
  if (status !== 'draft') return 'an admin published the proposal already';
  const weeks = Array.isArray(detail.shortWeeks) ? (detail.shortWeeks as PlanTopUpFacts['weeks']) : [];
  return { kind: 'plan_top_up', weeks, url: `${baseUrl}/admin/planner/${proposalId}` };
}

const WORDING = {
  en: {
    subject: (n: number) => (n === 1 ? 'One of the coming weeks runs short of seats' : `${n} of the coming weeks run short of seats`),
    body: 'Quartet compared the seats offered in the coming weeks with the demand your last published plan was made with, and the people waiting in lines. These weeks offer fewer seats than needed:',
    week: (day: string, offered: number, needed: number) => `Week of ${day}: ${offered} ${offered === 1 ? 'seat' : 'seats'} offered, ${needed} needed`,
    draft: 'A draft proposal for the missing sessions is ready. Nothing is published until you publish it.',
    button: 'Open the proposal',
  },
  de: {
    subject: (n: number) => (n === 1 ? 'In einer der kommenden Wochen fehlen Plätze' : `In ${n} der kommenden Wochen fehlen Plätze`),
    body: 'Quartet hat die Plätze der kommenden Wochen mit dem Bedarf verglichen, mit dem Ihr zuletzt veröffentlichter Plan erstellt wurde, und mit den Personen auf Wartelisten. In diesen Wochen gibt es weniger Plätze als nötig:',
    week: (day: string, offered: number, needed: number) => `Woche ab ${day}: ${offered} ${offered === 1 ? 'Platz' : 'Plätze'} angeboten, ${needed} benötigt`,
    draft: 'Ein Entwurf für die fehlenden Termine liegt bereit. Veröffentlicht wird nichts, bevor Sie ihn veröffentlichen.',
    button: 'Vorschlag öffnen',
  },
} satisfies Record<Locale, unknown>;

/** The subject and the blocks between the greeting and the footer. */
export function composePlanTopUp(facts: PlanTopUpFacts, to: { locale: Locale }): { subject: string; blocks: Block[] } {
  const w = WORDING[to.locale];
  return {
    subject: w.subject(facts.weeks.length),
    blocks: [
      { p: w.body },
      { list: facts.weeks.map((x) => w.week(longDay(x.startsOn, to.locale), x.seatsOffered, x.seatsNeeded)) },
      { p: w.draft },
      { link: facts.url, label: w.button, id: 'plan-top-up-link' },
    ],
  };
}
