// A small src/ tree for test/layer-rules.test.ts: one import that breaks each layer rule, beside
// imports each rule must let through, so a rule that stopped biting or started over-reaching shows.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const FILES: Record<string, string> = {
  // web-imports-only-schema-types: a service (value) and a schema as a value are refused; a schema's types pass.
  'src/web/uses-service.tsx': "import { takeSeat } from '../features/bookings/service.ts';\nexport const seat = takeSeat;\n",
  'src/web/uses-schema-value.tsx': "import { Booking } from '../features/bookings/schema.ts';\nexport const shape = Booking;\n",
  'src/web/uses-schema-type.tsx': "import type { Booking } from '../features/bookings/schema.ts';\nexport type Shown = Booking;\n",
  // core-without-http: a presenter that reaches into http/, a view that uses Fastify.
  'src/features/bookings/presenters.ts': "import { signedIn } from '../../http/auth.ts';\nexport const who = signedIn;\n",
  'src/features/bookings/views.ts': "import type { FastifyRequest } from 'fastify';\nexport type Asked = FastifyRequest;\n",
  // no-foreign-queries: another feature's queries.ts, also in a subfolder; its own queries.ts passes.
  'src/features/bookings/service.ts':
    "import { seatsLeft } from '../sessions/queries.ts';\nimport { insertBooking } from './queries.ts';\nexport const takeSeat = [seatsLeft, insertBooking];\n",
  'src/features/people/service.ts': "import { queueMessage } from '../notifications/outbox/queries.ts';\nexport const leave = queueMessage;\n",
  // db-only-in-queries: a value import of kysely in a route; queries.ts may, and a type import anywhere.
  'src/features/bookings/routes.ts': "import { sql } from 'kysely';\nimport type { Kysely } from 'kysely';\nexport const raw = sql;\nexport type Db = Kysely<object>;\n",
  'src/features/bookings/queries.ts': "import { sql } from 'kysely';\nexport const insertBooking = sql;\n",
  'src/features/bookings/schema.ts': "import { z } from 'zod';\nexport const Booking = z.object({ id: z.string() });\nexport type Booking = z.infer<typeof Booking>;\n",
  'src/features/sessions/queries.ts': 'export const seatsLeft = 4;\n',
  'src/features/notifications/outbox/queries.ts': 'export const queueMessage = 1;\n',
  // A feature cycle without a module cycle: bookings/service -> sessions/queries, sessions/service -> bookings/service.
  'src/features/sessions/service.ts': "import { takeSeat } from '../bookings/service.ts';\nexport const publish = takeSeat;\n",
  // http-without-features.
  'src/http/auth.ts': "import { publish } from '../features/sessions/service.ts';\nexport const signedIn = publish;\n",
  // no-circular between two modules.
  'src/lib/clock.ts': "import { zone } from './zone.ts';\nexport const clock = () => zone;\n",
  'src/lib/zone.ts': "import { clock } from './clock.ts';\nexport const zone = () => clock;\n",
  // Vocabulary: a test and a subfolder that follows the vocabulary pass; a helpers file does not.
  'src/features/sessions/publish.db.test.ts': 'export {};\n',
  'src/features/sessions/helpers.ts': 'export const help = 1;\n',
};

/** The (rule, importer, imported) triples the fixture must produce, no more and no fewer; a package as node_modules/<name>. */
export const EXPECTED_VIOLATIONS = [
  ['core-without-http', 'src/features/bookings/presenters.ts', 'src/http/auth.ts'],
  ['core-without-http', 'src/features/bookings/views.ts', 'node_modules/fastify'],
  ['db-only-in-queries', 'src/features/bookings/routes.ts', 'node_modules/kysely'],
  ['http-without-features', 'src/http/auth.ts', 'src/features/sessions/service.ts'],
  ['no-circular', 'src/lib/clock.ts', 'src/lib/zone.ts'],
  ['no-foreign-queries', 'src/features/bookings/service.ts', 'src/features/sessions/queries.ts'],
  ['no-foreign-queries', 'src/features/people/service.ts', 'src/features/notifications/outbox/queries.ts'],
  ['web-imports-only-schema-types', 'src/web/uses-schema-value.tsx', 'src/features/bookings/schema.ts'],
  ['web-imports-only-schema-types', 'src/web/uses-service.tsx', 'src/features/bookings/service.ts'],
];

/** Writes the tree into a new temporary folder (packages resolve through the project's node_modules). */
export function writeFixtureTree(projectRoot: string): string {
  const root = mkdtempSync(join(tmpdir(), 'quartet-layer-rules-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}
