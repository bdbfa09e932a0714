// The first admin's checklist: what a new organisation still needs before its programme runs. Each
// step ticks itself off from what the organisation holds; nobody marks anything done by hand.
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { setupFacts } from './queries.ts';

export async function setupChecklist(tx: Tx, actor: Actor) {
  requireRole(actor, 'admin');
  const facts = await setupFacts(tx, actor.orgId);
  const steps = [
    { step: 'rooms' as const, done: facts.rooms },
    { step: 'coaches' as const, done: facts.coaches },
    { step: 'people' as const, done: facts.people },
    { step: 'signIn' as const, done: facts.sign_in },
    { step: 'sessions' as const, done: facts.sessions },
  ];
  return { steps, complete: steps.every((s) => s.done) };
}
