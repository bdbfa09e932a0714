// What suggestions are filed under: every organisation starts with four categories, however it was
// made; its admins add, rename and retire them; everyone reads the list in their own language.
import { describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp } from '../../../test/app.ts';
import { buildOperatorToken, buildOrganisation, buildPerson } from '../../../test/factories.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;

const DEFAULTS = [
  ['Manufacturing processes', 'Fertigungsprozesse'], ['Management practices', 'Führungspraxis'],
  ['Project management', 'Projektmanagement'], ['Office efficiency', 'Effizienz im Büro'],
];
type Category = { id: string; nameEn: string; nameDe: string; name: string; position: number; retired: boolean };
const list = async (cookie: string, query = '') => {
  const res = await call(t, 'GET', `/api/suggestion-categories${query}`, { cookie });
  expect(res.status, res.text).toBe(200);
  return res.body.items as Category[];
};

describe('suggestion categories', () => {
  it('start as the four defaults in every new organisation, named in the reader’s language', async () => {
    const org = await buildOrganisation(db);
    const english = await list(await t.cookieFor(await buildPerson(db, { org, locale: 'en' })));
    expect(english.map((c) => [c.nameEn, c.nameDe, c.retired])).toEqual(DEFAULTS.map(([en, de]) => [en, de, false]));
    expect(english.map((c) => c.name)).toEqual(DEFAULTS.map(([en]) => en));
    const german = await list(await t.cookieFor(await buildPerson(db, { org, locale: 'de' })));
    expect(german.map((c) => c.name)).toEqual(DEFAULTS.map(([, de]) => de));

    // One made by the operator's API gets them too, and the lists are each organisation's own.
    const operator = await buildOperatorToken(db);
    const made = await call(t, 'POST', '/api/operator/organisations', {
      headers: operator.headers, body: { name: 'Categories Org', slug: 'categories-org', adminName: 'Ada Admin', adminEmail: 'ada@categories.test' },
    });
    expect(made.status, made.text).toBe(201);
    const theirs = await db.selectFrom('suggestion_categories').innerJoin('organisations', 'organisations.id', 'suggestion_categories.org_id')
      .where('organisations.slug', '=', 'categories-org').select(['suggestion_categories.id', 'name_en']).orderBy('position').execute();
    expect(theirs.map((c) => c.name_en)).toEqual(DEFAULTS.map(([en]) => en));
    expect(english.some((c) => theirs.some((o) => o.id === c.id))).toBe(false);
  });

  it('are added, renamed and retired by an admin; retired ones leave the list unless asked for', async () => {
    const org = await buildOrganisation(db);
    const cookie = await t.cookieFor(await buildPerson(db, { org, roles: ['admin', 'employee'] }));
    const added = await call(t, 'POST', '/api/admin/suggestion-categories', { cookie, body: { nameEn: 'Safety', nameDe: 'Arbeitssicherheit' } });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({ nameEn: 'Safety', nameDe: 'Arbeitssicherheit', name: 'Safety', retired: false });
    expect((await list(cookie)).map((c) => c.nameEn)).toEqual([...DEFAULTS.map(([en]) => en), 'Safety']);

    const renamed = await call(t, 'PATCH', `/api/admin/suggestion-categories/${added.body.id}`, { cookie, body: { nameEn: 'Workplace safety', position: 0 } });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({ nameEn: 'Workplace safety', nameDe: 'Arbeitssicherheit', position: 0 });
    expect((await list(cookie))[0]!.nameEn).toBe('Workplace safety');

    expect((await call(t, 'PATCH', `/api/admin/suggestion-categories/${added.body.id}`, { cookie, body: { retired: true } })).body.retired).toBe(true);
    expect((await list(cookie)).map((c) => c.id)).not.toContain(added.body.id);
    expect((await list(cookie, '?includeRetired=true')).find((c) => c.id === added.body.id)).toMatchObject({ nameEn: 'Workplace safety', retired: true });
    // Its name is free again while it is retired; bringing it back beside a namesake is refused.
    const namesake = await call(t, 'POST', '/api/admin/suggestion-categories', { cookie, body: { nameEn: 'Workplace Safety', nameDe: 'Sicherheit' } });
    expect(namesake.status, namesake.text).toBe(201);
    const back = await call(t, 'PATCH', `/api/admin/suggestion-categories/${added.body.id}`, { cookie, body: { retired: false } });
    expect(back.status).toBe(409);
    expect(back.body.code).toBe('CATEGORY_NAME_TAKEN');
    const logged = await db.selectFrom('audit_log').where('subject_id', '=', added.body.id).select('action').orderBy('at').execute();
    expect(logged.map((e) => e.action)).toEqual(['suggestion.category_added', 'suggestion.category_changed', 'suggestion.category_changed']);
  });

  it('refuses a second active category of the same English name, any case, and names out of bounds', async () => {
    const org = await buildOrganisation(db);
    const cookie = await t.cookieFor(await buildPerson(db, { org, roles: ['admin', 'employee'] }));
    const count = async () => (await db.selectFrom('suggestion_categories').where('org_id', '=', org.id).select('id').execute()).length;
    const twice = await call(t, 'POST', '/api/admin/suggestion-categories', { cookie, body: { nameEn: 'office EFFICIENCY', nameDe: 'Büro' } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CATEGORY_NAME_TAKEN');
    const [first] = await list(cookie);
    const renamed = await call(t, 'PATCH', `/api/admin/suggestion-categories/${first!.id}`, { cookie, body: { nameEn: 'Project Management' } });
    expect(renamed.body.code).toBe('CATEGORY_NAME_TAKEN');
    for (const body of [{ nameEn: '', nameDe: 'Leer' }, { nameEn: 'x'.repeat(101), nameDe: 'Lang' }, { nameEn: 'No German' }]) {
      expect((await call(t, 'POST', '/api/admin/suggestion-categories', { cookie, body })).status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    expect((await call(t, 'PATCH', `/api/admin/suggestion-categories/${first!.id}`, { cookie, body: {} })).status).toBe(400);
    expect(await count()).toBe(4);
    expect((await list(cookie))[0]!.nameEn).toBe('Manufacturing processes');
  });

  it('are the admin’s to change: an employee or a coach gets 403 and changes nothing', async () => {
    const org = await buildOrganisation(db);
    const [category] = await db.selectFrom('suggestion_categories').where('org_id', '=', org.id).selectAll().orderBy('position').execute();
    for (const roles of [['employee'], ['coach', 'employee']] as const) {
      const cookie = await t.cookieFor(await buildPerson(db, { org, roles: [...roles] }));
      expect((await list(cookie)).length, roles.join()).toBe(4);
      expect((await call(t, 'POST', '/api/admin/suggestion-categories', { cookie, body: { nameEn: 'Mine', nameDe: 'Meins' } })).status).toBe(403);
      expect((await call(t, 'PATCH', `/api/admin/suggestion-categories/${category!.id}`, { cookie, body: { retired: true } })).status).toBe(403);
    }
    expect(await db.selectFrom('suggestion_categories').where('org_id', '=', org.id).selectAll().orderBy('position').execute())
      .toEqual(expect.arrayContaining([category]));
    expect((await db.selectFrom('suggestion_categories').where('org_id', '=', org.id).select('id').execute()).length).toBe(4);
  });
});
