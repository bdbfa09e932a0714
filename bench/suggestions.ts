// npm run bench:suggestions — the suggestion board of a large organisation (100,000 suggestions
// from 20,000 sessions) for one viewer: each filtered list and the campaign figures through HTTP
// (the whole app: cookie, RLS transaction, query, count, JSON), beside a plain SQL query of the
// same result run in the same session of the same database (the ceiling). Prints p50/p95/p99 and
// the ratio; exits non-zero if an answer failed or a p95 is over 50 ms.
// Knobs: BENCH_REQUESTS (per kind, default 200).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../src/lib/config.ts';
import { startQuartet, type RunningQuartet } from '../src/server.ts';
import { freePort } from '../test/free-port.ts';
import { latencies, ms } from './stats.ts';
import { createSuggestionOrg } from './suggestions-org.ts';

const SESSIONS = 20_000;
const PER_SESSION = 5;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WARMUP = 30;
const TARGET_P95_MS = 50;
const log = (line = '') => console.log(line);

interface Kind {
  name: string;
  path: string;
  /** The same result in plain SQL, as the app role in the organisation. */
  sql: string;
  /** The capped count the board's first page carries, in plain SQL. */
  count?: string;
  values: unknown[];
}

async function time(n: number, run: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function main(): Promise<number> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-bench-'));
  const port = await freePort();
  const config = loadConfig({
    DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', BASE_URL: `http://127.0.0.1:${port}`,
    EMBEDDED_PG_PORT: String(await freePort()), SEED_DEMO: 'never', LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '1',
  });
  let quartet: RunningQuartet | undefined;
  const pools: pg.Pool[] = [];
  let failures = 0;
  try {
    const loadBefore = os.loadavg()[0]!;
    quartet = await startQuartet(config, pino({ level: 'silent' }));
    const owner = new pg.Pool({ connectionString: quartet.ownerUrl, max: 2 });
    owner.on('error', () => {});
    pools.push(owner);
    const pgVersion = (await owner.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
    log(`Quartet suggestion board benchmark — ${os.availableParallelism()} cores, Node ${process.version}, PostgreSQL ${pgVersion} (embedded, default settings)`);
    if (loadBefore > 0.5) log(`warning: the machine was already busy (load average ${loadBefore.toFixed(1)}); expect slower figures`);
    const built = performance.now();
    const org = await createSuggestionOrg(owner, { sessions: SESSIONS, perSession: PER_SESSION });
    const counted = await owner.query<{ s: number; n: number }>(
      'select (select count(*)::int from sessions where org_id = $1) as s, (select count(*)::int from suggestions where org_id = $1) as n', [org.orgId]);
    log(`organisation: ${counted.rows[0]!.s.toLocaleString('en-US')} sessions, ${counted.rows[0]!.n.toLocaleString('en-US')} suggestions, built in ${((performance.now() - built) / 1000).toFixed(1)} s; ${REQUESTS} requests per kind after ${WARMUP} to warm up, one at a time`);

    // The plain queries run as the app role, in a transaction that names the organisation, as the app's do.
    const app = quartet.ctx.pool;
    const plainList = (where: string) => `
      select sg.id, sg.title, sg.status, sg.created_at, m.title as module_title, c.name_en, o.name as owner_name
      from suggestions sg join modules m on m.org_id = sg.org_id and m.id = sg.module_id
      left join suggestion_categories c on c.org_id = sg.org_id and c.id = sg.category_id
      left join people o on o.org_id = sg.org_id and o.id = sg.owner_id
      where sg.org_id = $1 and sg.merged_into is null ${where} order by sg.created_at desc, sg.id desc limit 51`;
    const plainCount = (where: string) => `select count(*) from (select 1 from suggestions sg where sg.org_id = $1 and sg.merged_into is null ${where} limit 1000) x`;
    const kinds: Kind[] = [
      { name: 'board, open suggestions (first page + count)', path: '/api/board/suggestions', sql: plainList(`and sg.status = any('{new,in_review,planned}')`), count: plainCount(`and sg.status = any('{new,in_review,planned}')`), values: [org.orgId] },
      {
        name: 'board, module + category + status', path: `/api/board/suggestions?status=done&moduleId=${org.busiestModuleId}&categoryId=${org.categoryId}`,
        sql: plainList('and sg.status = \'done\' and sg.module_id = $2 and sg.category_id = $3'),
        count: plainCount('and sg.status = \'done\' and sg.module_id = $2 and sg.category_id = $3'), values: [org.orgId, org.busiestModuleId, org.categoryId],
      },
      {
        name: 'board, full-text search "meetings"', path: '/api/board/suggestions?status=new,in_review,planned,done,declined&q=meetings',
        sql: plainList(`and sg.search @@ (websearch_to_tsquery('english', 'meetings') || websearch_to_tsquery('german', 'meetings'))`),
        count: plainCount(`and sg.search @@ (websearch_to_tsquery('english', 'meetings') || websearch_to_tsquery('german', 'meetings'))`), values: [org.orgId],
      },
      { name: 'board, department, recently changed', path: '/api/board/suggestions?status=planned&area=logistics&sort=updated', sql: plainList(`and sg.status = 'planned' and lower(sg.area) = 'logistics'`).replace('order by sg.created_at desc, sg.id desc', 'order by sg.updated_at desc, sg.id desc'),
        count: plainCount(`and sg.status = 'planned' and lower(sg.area) = 'logistics'`), values: [org.orgId] },
      {
        name: 'campaign figures, busiest module', path: `/api/board/campaigns/${org.busiestModuleId}`,
        sql: `select count(*) filter (where true) as n, status, category_id,
                percentile_cont(0.5) within group (order by extract(epoch from first_response_at - created_at)) as median
              from suggestions where org_id = $1 and module_id = $2 and merged_into is null group by grouping sets ((status), (category_id), ())`,
        values: [org.orgId, org.busiestModuleId],
      },
    ];

    log('');
    log(`${'kind'.padEnd(48)} ${'HTTP p50'.padStart(10)} ${'p95'.padStart(10)} ${'p99'.padStart(10)}   ${'plain SQL p95'.padStart(13)}   HTTP p95 / SQL p95`);
    let over = 0;
    for (const kind of kinds) {
      const http = latencies(await time(REQUESTS, async () => {
        const res = await fetch(`${quartet!.url}${kind.path}`, { headers: { cookie: org.adminCookie } });
        const text = await res.text();
        if (res.status !== 200) {
          failures++;
          throw new Error(`${kind.path} answered ${res.status}: ${text.slice(0, 200)}`);
        }
      }));
      const client = await app.connect();
      let plain;
      try {
        plain = latencies(await time(REQUESTS, async () => {
          await client.query('begin');
          await client.query(`select set_config('app.org_id', $1, true)`, [org.orgId]);
          await client.query(kind.sql, kind.values);
          // The board's first page also says how many match, counted up to its cap.
          if (kind.count) await client.query(kind.count, kind.values);
          await client.query('commit');
        }));
      } finally {
        client.release();
      }
      if (http.p95 > TARGET_P95_MS) over++;
      log(`${kind.name.padEnd(48)} ${ms(http.p50).padStart(10)} ${ms(http.p95).padStart(10)} ${ms(http.p99).padStart(10)}   ${ms(plain.p95).padStart(13)}   ${(http.p95 / plain.p95).toFixed(1)}×`);
    }
    log('');
    log(`target: p95 ≤ ${TARGET_P95_MS} ms for one viewer — ${over === 0 ? 'met by every kind' : `missed by ${over} kind(s)`}`);
    return failures > 0 || over > 0 ? 1 : 0;
  } finally {
    for (const pool of pools) await pool.end().catch(() => {});
    await quartet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
