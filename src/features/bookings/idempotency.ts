// Idempotency-Key on booking requests: a retry (after a timeout, a dropped connection) gets the
// first answer and changes nothing. The key row is written in the same transaction as the
// booking, so a concurrent retry waits on it and then reads the committed answer.
import type { Db } from '../../db/pool.ts';
import { inOrg, type Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { RuleError } from '../../lib/errors.ts';
import { claimIdempotencyKey, completeIdempotencyKey, findIdempotencyKey } from './queries.ts';

export interface Answer {
  status: number;
  body: unknown;
  replayed?: boolean;
}

const PENDING = 0;

export async function answerOnce(
  db: Db, actor: Actor, key: string | undefined, fingerprint: string, work: (tx: Tx) => Promise<Answer>,
): Promise<Answer> {
  if (key === undefined) return inOrg(db, actor.orgId, work);
  const claim = { orgId: actor.orgId, personId: actor.personId, key, fingerprint };
  try {
    return await inOrg(db, actor.orgId, async (tx) => {
      if (!(await claimIdempotencyKey(tx, { ...claim, statusCode: PENDING, response: null }))) return replay(tx, actor, key, fingerprint);
      const answer = await work(tx);
      await completeIdempotencyKey(tx, actor.personId, key, answer.status, answer.body);
      return answer;
    });
  } catch (error) {
    // A refusal is an answer too: remember it, unless a concurrent request answered first.
    if (!(error instanceof RuleError) || error.code === 'IDEMPOTENCY_KEY_REUSED') throw error;
    const body = { ...error.details, code: error.code, message: error.message };
    return inOrg(db, actor.orgId, async (tx) => {
      if (await claimIdempotencyKey(tx, { ...claim, statusCode: 409, response: body })) return { status: 409, body };
      return replay(tx, actor, key, fingerprint);
    });
  }
}

async function replay(tx: Tx, actor: Actor, key: string, fingerprint: string): Promise<Answer> {
  const prior = await findIdempotencyKey(tx, actor.personId, key);
  if (!prior || prior.status_code === PENDING) throw new Error('idempotency key claimed but not answered');
  if (prior.request_fingerprint !== fingerprint) {
    throw new RuleError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request.');
  }
  return { status: prior.status_code, body: prior.response, replayed: true };
}
