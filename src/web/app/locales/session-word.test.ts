// German calls a session "Termin" (der Termin) on every page, in every mail and refusal. "Runde"
// is a cohort's round only (its rounds, "Runde 2", the first round), which these texts name by
// their cohort keys: anywhere else "Runde" was the old word for a session.
import { describe, expect, it } from 'vitest';
import { auditSentence, SENTENCE_ACTIONS } from '../../admin/audit-sentences.ts';
import { adminDe } from '../../admin/texts.ts';
import { tokensDe } from '../../admin/tokens-texts.ts';
import { webhooksDe } from '../../admin/webhooks-texts.ts';
import { boardDe } from '../../board/texts.ts';
import { suggestionsDe } from '../../suggestions/texts.ts';
import { DE_MESSAGES, fieldError } from '../field-errors.ts';
import { FIELD_NAMES } from '../field-names.ts';

function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, v]) => strings(v, path ? `${path}.${key}` : key));
  return [];
}

const runde = (texts: [string, string][]) => texts.filter(([, text]) => /Runde/.test(text));

// A cohort's rounds: the field names and the API's messages about them.
const COHORT_FIELDS = new Set(['rounds', 'firstStartsAt', 'round']);
const COHORT_MESSAGES = new Set([
  'give either startsAt (one per round) or firstStartsAt with everyWeeks', 'is needed with firstStartsAt', 'each round must start after the one before has ended',
]);

describe('the German word for a session', () => {
  it('is Termin on the board, the token, webhook and module pages and the group’s suggestions', () => {
    expect(runde(strings({ boardDe, tokensDe, webhooksDe, adminDe, suggestionsDe }))).toEqual([]);
    expect(boardDe.campaign.held).toBe('Durchgeführte Termine');
    expect(webhooksDe.webhooks.eventNames['session.cancelled']).toBe('Termin abgesagt');
    expect(suggestionsDe.errors.SUGGESTIONS_CLOSED).toBe('Die Zeit zum Erfassen von Vorschlägen für diesen Termin ist vorbei.');
  });

  it('is Termin in the field names and refusals of a form, a cohort’s round aside', () => {
    expect(runde(Object.entries(FIELD_NAMES).filter(([key]) => !COHORT_FIELDS.has(key)).map(([key, n]) => [key, n.de]))).toEqual([]);
    expect(runde(Object.entries(DE_MESSAGES).filter(([key]) => !COHORT_MESSAGES.has(key)))).toEqual([]);
    expect(fieldError({ field: 'body.onlineUrl', message: 'a virtual session needs a link' }, 'de')).toMatch(/ein Online-Termin braucht einen Link$/);
  });

  it('is Termin in the audit log', () => {
    const subject = { kind: 'session', id: crypto.randomUUID(), name: 'Feedback', person: 'Ben', startsAt: '2027-01-12T09:00:00Z' };
    const detail = { sessions: 2, sessionsPlanned: 2, sessionsNeeded: 3, weeks: 4, coaches: 2, members: 8, groups: 2, rounds: 3 };
    const sentence = (action: string, s: typeof subject | null): [string, string] => [action, auditSentence({
      id: crypto.randomUUID(), at: '2027-02-01T12:00:00Z', action, ip: null, subject: s, detail,
      actor: { kind: 'person', id: crypto.randomUUID(), name: 'Anna' },
    }, 'de')];
    const said = SENTENCE_ACTIONS.flatMap((action) => [sentence(action, subject), sentence(action, null)]);
    expect(runde(said.filter(([action]) => !action.startsWith('cohort.')))).toEqual([]);
    expect(said.find(([action]) => action === 'plan.published')?.[1]).toBe('Anna hat einen Terminplan veröffentlicht: 2 Termine für 2 Lernbegleitungen.');
  });
});
