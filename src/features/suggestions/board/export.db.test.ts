// The board out of Quartet: CSV and XLSX with the current filter, in the reader's language, with
// text that starts like a formula made harmless; an owner's file holds only what the owner sees.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../../test/app.ts';
import { buildPerson } from '../../../../test/factories.ts';
import { appointOwner, categoriesOf, placeSuggestions, reflectionGroup, type ReflectionGroup } from '../../../../test/suggestion-fixtures.ts';

let t: TestApp;
let g: ReflectionGroup;
const DANGEROUS = ['=HYPERLINK("http://evil.test","click")', '+1+cmd|calc', '-2+3', '@SUM(A1:A9)', '\t=1+1'];

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  g = await reflectionGroup(t);
  const categories = await categoriesOf(t.database.db, g.org.id);
  await placeSuggestions(t.database.db, g, [
    ...DANGEROUS.map((title, i) => ({ title, body: `<script>alert(${i})</script>`, categoryId: categories['Office efficiency']!, status: 'new' as const })),
    { title: 'Planned, with a response', status: 'planned', response: 'Ab März, "mit" Komma, und; Semikolon\nzweite Zeile', categoryId: categories['Manufacturing processes']!, area: 'Produktion' },
  ]);
});

async function download(path: string, cookie: string) {
  const res = await fetch(`${t.url}${path}`, { headers: { cookie } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), body: Buffer.from(await res.arrayBuffer()) };
}

describe('the board as a file', () => {
  it('is a CSV with the filter applied, formula-like text neutralised, quotes and line breaks kept', async () => {
    const all = await download('/api/board/export.csv?status=new,planned', g.cookies.admin);
    expect(all.status).toBe(200);
    expect(all.type).toMatch(/^text\/csv/);
    expect(all.disposition).toContain('suggestions.csv');
    expect(all.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(all.body.toString('utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(6);
    for (const title of DANGEROUS) expect(rows.map((r) => r.Title)).toContain(`'${title}`);
    expect(rows.every((r) => !/^[=+\-@\t\r]/.test(r.Title!) && !/^[=+\-@\t\r]/.test(r.Text!))).toBe(true);
    expect(rows.map((r) => r.Text)).toContain('<script>alert(0)</script>');
    const planned = rows.find((r) => r.Title === 'Planned, with a response')!;
    expect(planned).toMatchObject({ Status: 'Planned', Response: 'Ab März, "mit" Komma, und; Semikolon\nzweite Zeile', Category: 'Manufacturing processes', 'Department or area': 'Produktion' });

    const onlyPlanned = parse((await download('/api/board/export.csv?status=planned', g.cookies.admin)).body.toString('utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(onlyPlanned.map((r) => r.Title)).toEqual(['Planned, with a response']);
  });

  it('is an XLSX workbook of text cells, headed in the reader’s language', async () => {
    const german = await buildPerson(t.database.db, { org: g.org, roles: ['admin', 'employee'], locale: 'de' });
    const file = await download('/api/board/export.xlsx', await t.cookieFor(german));
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(3).value).toBe('Titel');
    const titles: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      titles.push(row.getCell(3).value);
      // A formula would come back as an object with a `formula`; every title is a plain string.
      expect(typeof row.getCell(3).value, `row ${n}`).toBe('string');
    });
    expect(titles).toEqual(expect.arrayContaining(DANGEROUS));
    expect(sheet.rowCount).toBe(7);
  });

  it('holds only what an owner may see, and is refused to everyone else', async () => {
    const owner = await buildPerson(t.database.db, { org: g.org });
    const categories = await categoriesOf(t.database.db, g.org.id);
    await appointOwner(t, g.cookies.admin, owner.id, { categoryIds: [categories['Manufacturing processes']!] });
    const theirs = parse((await download('/api/board/export.csv', await t.cookieFor(owner))).body.toString('utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(theirs.map((r) => r.Title)).toEqual(['Planned, with a response']);
    for (const cookie of [g.cookies.ana, g.cookies.coach]) {
      expect((await download('/api/board/export.csv', cookie)).status).toBe(403);
      expect((await download('/api/board/export.xlsx', cookie)).status).toBe(403);
    }
  });
});
