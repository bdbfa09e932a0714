// A feature folder holds only the agreed file names, so a reader finds any piece of a feature
// without searching (STYLE.md §1): routes schema service views queries presenters jobs (.ts), their
// tests, and the short list of named extras below, each with the reason it is not one of the seven.
// Subfolders (notifications/outbox/…) follow the same vocabulary. Files that were off the list when
// the check arrived are in scripts/known-feature-files.json; any other stray file fails.
//
//   node scripts/check-feature-files.ts [--root DIR] [--write-known]
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';

const VOCABULARY = ['routes', 'schema', 'service', 'views', 'queries', 'presenters', 'jobs'].map((name) => `${name}.ts`);
const TEST = /\.test\.ts$/; // covers *.db.test.ts

/** Paths under src/features/ that may stay off the vocabulary, and why. Keep it short. */
const NAMED_EXTRAS: Record<string, string> = {
  'availability/windows.ts': 'weekly windows of wall-clock time turned into real intervals across clock changes; their checks',
  'calendar-overlay/fetch-ics.ts': "an employee's calendar address fetched safe from SSRF: every hop checked, size and time limits",
  'calendar-overlay/busy-times.ts': 'an iCalendar file read as busy intervals with ical.js: recurrences, exceptions, time zones',
  'calendar-overlay/busy-times-runner.ts': 'busy-times.ts in a worker thread with a time and heap limit, two at once: some rules loop in ical.js for ever',
  'calendar-overlay/busy-times-thread.ts': "the calendar reader's worker thread entry: one file read, its busy intervals posted back",
  'privacy/data-map-types.ts': 'the shape of the map of personal data: every column declared personal (purpose, basis, retention) or not',
  'privacy/data-map.ts': 'data: the map of personal data, every column of every table declared personal or not (other features add theirs)',
  'privacy/catalog-check.ts': 'the data map held against the database catalog: pure, so its own tests change the catalog on purpose',
  'privacy/records-markdown.ts': 'the records of processing as Markdown for docs/PRIVACY.md (npm run docs:privacy)',
  'privacy-notice/notice-facts.ts': "what the privacy notice states that the code decides: its wording's version, the retention periods it names",
  'bookings/idempotency.ts': 'the Idempotency-Key transaction wrapper of the booking routes',
  'sessions/coach-away.ts': "the rule that a coach's reported days away hold on publishing, moving and reassigning a session (every path)",
  'erasure/erase-cli.ts': '`quartet people erase`: an erasure asked for outside the app, by the operator',
  'organisations/module-library.ts': 'data: the starter module library every organisation gets (the demo loads it too)',
  'demo/people-names.ts': "data: the demo company's staff names",
  'suggestions/board/export.ts': 'the board as a CSV or XLSX file (csv-stringify, exceljs), safe from formulas',
  'organisations/module-questions.ts': 'data: the reflection question of each starter module, in English and German',
  'demo/seed.ts': 'the demo loader (seeded generator), run at first start and by `quartet demo seed`',
  'demo/planning.ts': "the demo loader's seeded generator, busy calendar and planned-row shapes, shared with its history",
  'waiting-list/offer-ends.ts': 'when an offered seat stops being held: the organisation\'s hours, or the person\'s next morning where they end in the night',
  'waiting-list/offers.ts': 'seats offered from a waiting list: accept, decline, lapse, and the expiry job\'s sweep (migration 038)',
  'demo/waiting-lists.ts': "the demo's people in line for full sessions, joined after the last seat went",
  'demo/history.ts': "planning the demo's six months behind now: sessions held, attendance, seats given up and moved",
  'demo/history-suggestions.ts': "planning the demo's past suggestions: the board's states, merges, owners and notes",
  'demo/suggestion-texts.ts': "data: the demo groups' suggestions and the board's answers, in English and German",
  'organisations/operator-cli.ts': "the operator's commands of the quartet CLI",
  'organisations/operator-routes.ts': 'the operator API: authenticated by operator token, not by a cookie',
  'organisations/operator-service.ts': "the operator's rules, apart from the organisation admin's",
  'organisations/operator-export.ts': "an organisation's whole data set as a ZIP of CSVs per catalog table, streamed (fflate)",
  'organisations/operator-deletion.ts': 'deleting a suspended organisation completely (migration 032), its caught mail too',
  'people/admin-routes.ts': 'POST /api/admin/people/import: the CSV file as request body',
  'people/csv.ts': 'reading a CSV people file (shape only)',
  'people/import-rows.ts': 'checking each row of a people file',
  'people/import.ts': 'applying a people file (admin API and CLI), all or nothing',
  'people/import-reasons.ts': "why a people file is refused: each reason's code and values, and its English sentence",
  'people/import-warnings.ts': 'the sites and departments a people file brings that no active person has yet',
  'sso/domain-claims.ts': 'e-mail domains claimed by one organisation, approved by the operator',
  'sso/provider.ts': 'the OpenID provider through openid-client',
  'webhooks/address.ts': 'where a webhook may point (SSRF): address ranges through ipaddr.js, the checked address to connect to',
  'webhooks/post.ts': "one delivery's HTTP POST: pinned address, time limit, no redirects, the answer's first KB",
  'webhooks/signature.ts': 'the Quartet-Signature header: HMAC-SHA256 over the time and body, and how a receiver checks it',
  'notifications/compose/calendar.ts': 'calendar files (ical-generator)',
  'notifications/compose/layout.ts': 'the one mail layout, text and HTML',
  'notifications/compose/message.ts': 'what each message says, from the facts read at sending',
  'notifications/compose/wording.ts': 'every sentence of the mails, in English and German',
  'notifications/compose/session-event.ts': "what a session's calendar entry says, alike in the invitation, the feed and a booking's file",
  'notifications/jobs/worker.ts': 'the graphile-worker runner that sends messages, and how it rides out an outage',
  'notifications/jobs/send-message.ts': 'the send_message job: one message, its facts read again, SMTP',
  'notifications/jobs/reminder-sweep.ts': 'the crontab job that queues every missing reminder',
  'notifications/compose/loop-messages.ts': "what the learning loop's mails say: the weekly digests and the request to rate",
  'notifications/compose/loop-wording.ts': "every sentence of the learning loop's mails, in English and German",
  'notifications/loop/facts.ts': "the facts of the learning loop's mails, read at sending (and a rating link made then)",
  'notifications/loop/schedule.ts': 'the crontab jobs that queue the weekly digests and the requests to rate',
  'demo/history-ratings.ts': "planning the ratings the demo's participants gave the day after",
  'demo/availability.ts': "the demo coaches' weekly windows and limits, for the availability pages and the planner",
  'demo/cohorts.ts': "the demo's cohorts: planned on its calendar, made, solved in this thread and published through the cohorts feature",
  'mixing/solver/worker-runner.ts': 'solve() in a worker thread: progress messages, at most two at once per process, a time limit',
  'mixing/solver/solver-thread.ts': "the worker thread's entry: one solve(), its progress and result posted back",
  'data-export/archive.ts': "a person's export as one ZIP (fflate): data.json and summary.html",
  'data-export/summary.ts': "summary.html: the export's readable half in English and German, with the person's rights",
  'notifications/compose/data-export-message.ts': 'what the mail "your data is ready" says, in English and German',
  'notifications/compose/erasure-message.ts': 'what the mail confirming an erasure says, in English and German',
  'notifications/compose/plan-top-up-message.ts': 'what the planner\'s weekly top-up mail says, in English and German',
  'notifications/compose/waitlist-offer-message.ts': 'what the mail offering a held seat from a waiting list says, in English and German',
  'planner/supply.ts': 'the weekly top-up: seats offered against the standing demand for the coming weeks, and the draft when a week runs short',
  'cohorts/figures.ts': "a schedule's quality figures and a swap's partner: pure, counted from the schedule, not the solver",
  'encounters/rebuild-cli.ts': '`quartet encounters rebuild`: who met whom computed again from the bookings, per organisation',
  'mixing/groups-cli.ts': '`quartet groups solve`: the group solver without a cohort or a database, JSON on stdout',
  // The group solver: the product's own search, pure (no database, no clock but its budget), one idea a file.
  'mixing/solver/solve.ts': 'the group solver: its input, phases (dealt rounds, a construction, the search), progress and result',
  'mixing/solver/layout.ts': 'group sizes for N people, and the lower bounds (departments per group, repeats)',
  'mixing/solver/schedule.ts': 'the schedule the solver works on, its pair counts and costs kept up to date on every swap',
  'mixing/solver/pair-counts.ts': 'how often each pair met: a matrix for small cohorts, a hash table of number pairs for 100,000 people',
  'mixing/solver/dealt-rounds.ts': 'the first schedule, one round at a time, departments dealt round the groups',
  'mixing/solver/tabu-search.ts': 'the general search: tabu search over swaps within a round',
  'mixing/solver/constructions.ts': 'which construction fits an instance (affine plane, cyclic design), and when repeats cannot be avoided',
  'mixing/solver/affine-plane.ts': 'the affine plane AG(2, q) over GF(q): q² people in groups of q for q + 1 rounds',
  'mixing/solver/cyclic-design.ts': 'schedules developed from base rounds under a turning symmetry, and the shapes tried',
  'mixing/solver/base-round.ts': 'the search over base rounds by the pair orbits they cover',
  'mixing/solver/relabel.ts': "fitting a construction to departments and earlier encounters by renumbering people",
  'mixing/solver/seeded-random.ts': "the solver's only source of chance: seeded, so a run can be reproduced",
  'mixing/solver/orbit-exact-cover.ts': 'schedules whose rounds the translations of Z_2^3 keep, found by exact cover over pair orbits',
  // The programme planner (issue 16): pure like the group solver (no database, no clock but the elapsed time), one idea a file.
  'planner/demand-input.ts': "the admin's demand and the organisation's rows turned into the solver's input: places, populations, coaches",
  'planner/stored-plan.ts': "a proposal's jsonb columns: the solver's input and sessions with their Dates, and each session's key",
  'planner/solver/plan.ts': 'the programme planner: per week the maximum flow (the achievable) and the cheapest maximum flow (the plan), read back as sessions',
  'planner/solver/plan-input.ts': "the planner's input contract: horizon, session shape, sites and virtual zones, coaches' availability, modules, demand",
  'planner/solver/plan-result.ts': "the planner's output: sessions, figures per place and week, gaps with their reasons, coach load",
  'planner/solver/problem.ts': 'the input checked (RangeError naming the fault) and turned into instants: free time, working hours, rooms, grids',
  'planner/solver/demand.ts': 'seats and sessions a week from "P people once every K weeks or months", split by the admin\'s mix',
  'planner/solver/wall-clock.ts': "wall-clock windows of a zone as exact sets of instants across clock changes (Luxon's offsets)",
  'planner/solver/blocks.ts': "a zone's grid of session blocks, and the time-of-day rotation",
  'planner/solver/intervals.ts': 'sorted sets of instants: union, subtraction, covers, overlaps',
  'planner/solver/week-network.ts': 'one week as a flow network: coaches, their blocks, places, rooms, days, demand, and the costs that spread them',
  'planner/solver/flow-network.ts': 'the graph the flow algorithms work on: edges paired with their reverses, in typed arrays',
  'planner/solver/max-flow.ts': "Dinic's maximum flow: the achievable, computed apart from the plan",
  'planner/solver/min-cost-flow.ts': 'the cheapest maximum flow by successive shortest paths with potentials',
  'planner/solver/gaps.ts': "why a place's week is short, read from the minimum cut around it",
  'planner/solver/figures.ts': 'seats needed and offered, coverage, coach-load spread',
  'planner/solver/plan-invariants.ts': "the tests' independent check of a plan against every rule, from the raw input through Luxon",
  'planner/solver/sample-organisation.ts': 'a seeded organisation (sites, rooms, coaches with real-life availability) for the tests and bench:planner',
  'retention/rules.ts': "retention's rules by name, their settings' defaults and bounds, and the instants each cuts at (pure: the preview and the run share them)",
  'notifications/caught-mail.ts': "removing the development mail catcher's files (DATA_DIR/mail): for erasure, retention, an organisation's deletion",
};

const KNOWN_FILE = 'scripts/known-feature-files.json';

const { values } = parseArgs({ options: { root: { type: 'string', default: '.' }, 'write-known': { type: 'boolean', default: false } } });
const root = resolve(values.root);
const featuresDir = join(root, 'src', 'features');
const knownPath = join(root, KNOWN_FILE);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const strays = filesUnder(featuresDir)
  .map((file) => relative(featuresDir, file).split(sep).join('/'))
  .filter((path) => path.includes('/')) // a file right in src/features/ belongs to no feature: a stray too
  .filter((path) => !VOCABULARY.includes(basename(path)) && !TEST.test(path) && !(path in NAMED_EXTRAS))
  .concat(readdirSync(featuresDir, { withFileTypes: true }).filter((entry) => !entry.isDirectory()).map((entry) => entry.name))
  .sort();

if (values['write-known']) {
  mkdirSync(dirname(knownPath), { recursive: true });
  writeFileSync(knownPath, `${JSON.stringify(strays, null, 2)}\n`);
  console.log(`${strays.length} files off the feature vocabulary written to ${KNOWN_FILE}`);
  process.exit(0);
}

const known = new Set<string>(existsSync(knownPath) ? (JSON.parse(readFileSync(knownPath, 'utf8')) as string[]) : []);
const fresh = strays.filter((path) => !known.has(path));
const gone = [...known].filter((path) => !strays.includes(path));
if (gone.length > 0) console.log(`No longer stray (drop from ${KNOWN_FILE} with --write-known): ${gone.join(', ')}`);

if (fresh.length === 0) {
  console.log(`feature files: every file fits the vocabulary${known.size > 0 ? ` (${known.size} known exceptions)` : ''}`);
  process.exit(0);
}
for (const path of fresh) console.error(`stray file: src/features/${path}`);
console.error(
  `${fresh.length} file(s) off the feature vocabulary (${VOCABULARY.join(' ')}, *.test.ts). ` +
    'Fold the code into one of those files, or add the name with its reason to NAMED_EXTRAS in scripts/check-feature-files.ts.',
);
process.exit(1);
