// Making a cohort of people some of whom were deactivated meanwhile (chosen in the form, deactivated
// before it was sent): refused, saying how many, in words the web app can give in either language.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { cohortBody, cohortProgram } from '../../../test/cohort-fixtures.ts';
import { fieldError } from '../../web/app/field-errors.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

describe('a cohort of people deactivated meanwhile', () => {
  it('is refused with their number as a reason the web app words in English and German; nothing is made', async () => {
    const p = await cohortProgram(t, 8, { coaches: 2 });
    for (const [gone, en, de] of [[1, 'People: 1 of them is deactivated', 'Personen: 1 davon ist deaktiviert'], [2, 'People: 2 of them are deactivated', 'Personen: 2 davon sind deaktiviert']] as const) {
      await t.database.db.updateTable('people').set({ active: false }).where('id', 'in', p.people.slice(0, gone).map((x) => x.id)).execute();
      const refused = await call(t, 'POST', '/api/cohorts', { cookie: p.cookie, body: cohortBody(p, 2) });
      expect(refused.status, refused.text).toBe(400);
      const [field] = refused.body.fields;
      expect(field).toMatchObject({ field: 'personIds', code: 'deactivated', limit: gone });
      expect([fieldError(field, 'en', { personIds: 'People' }), fieldError(field, 'de', { personIds: 'Personen' })]).toEqual([en, de]);
    }
    expect(await t.database.db.selectFrom('cohorts').where('org_id', '=', p.org.id).select('id').execute()).toEqual([]);
  });
});
