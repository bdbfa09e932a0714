// Hostile requests for fuzzing, derived from the OpenAPI document: every operation it lists gets
// requests built from its own parameters and body schema. Each request either looks plausible
// (it may succeed) or is poisoned in exactly one part, which then must be refused.
import fc from 'fast-check';

export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

type Part = 'params' | 'body' | 'querystring' | 'headers';
/** Fastify validates the parts of a request in this order and stops at the first that fails. */
export const VALIDATION_ORDER: Part[] = ['params', 'body', 'querystring', 'headers'];

export interface Operation {
  method: string;
  path: string;
  params: string[];
  query: Record<string, JsonSchema>;
  headers: Record<string, JsonSchema>;
  body: JsonSchema | undefined;
}

export interface FuzzRequest {
  params: Record<string, string>;
  query: string;
  /** Text sent as the body, with its content type; none for GET. */
  body: string | undefined;
  contentType: string | undefined;
  headers: Record<string, string>;
  /** The part made invalid on purpose, if any, and whether the operation reads it. */
  poisoned: { part: Part; read: boolean } | undefined;
}

interface OpenApiDoc {
  paths: Record<string, Record<string, {
    parameters?: Array<{ in: string; name: string; schema: JsonSchema }>;
    requestBody?: { content: Record<string, { schema: JsonSchema }> };
  }>>;
}

/** The document with every "$ref" replaced by what it points to. */
function inline(node: unknown, doc: unknown): unknown {
  if (Array.isArray(node)) return node.map((n) => inline(n, doc));
  if (typeof node !== 'object' || node === null) return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    return inline(ref.replace(/^#\//, '').split('/').reduce<unknown>((n, key) => (n as Record<string, unknown>)[key], doc), doc);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, doc)]));
}

export function listOperations(document: OpenApiDoc): Operation[] {
  const doc = inline(document, document) as OpenApiDoc;
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const of = (where: string) => Object.fromEntries((op.parameters ?? []).filter((p) => p.in === where).map((p) => [p.name, p.schema]));
      return {
        method: method.toUpperCase(), path, params: Object.keys(of('path')), query: of('query'), headers: of('header'),
        body: op.requestBody?.content['application/json']?.schema,
      };
    }),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const oddChars = fc.constantFrom('\u0001', '\u001f', '\u007f', '\u200b', '\u202e', '\ufeff', '\ud83d\ude00', 'é', 'ß', '\\', '%', '_', "'", '"', '<', '&', '/', ' ');
/** Text made of anything but NUL: control characters, emoji, right-to-left marks, quotes. */
const text = (min = 0, max = 60) =>
  fc.string({ unit: fc.oneof(fc.constantFrom(...'aZ09-:.'), oddChars, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), minLength: min, maxLength: max })
    .map((s) => s.toWellFormed().replaceAll('\0', '?'))
    .filter((s) => s.length >= min && s.length <= max);
const hostileText = fc.oneof(text(), fc.constantFrom('__proto__', 'constructor', 'prototype', '..', '-1', '1e400', 'NaN', 'null', '[]', '{}', ''),
  fc.nat(5000).map((n) => 'x'.repeat(n)));
const nonUuid = fc.oneof(hostileText, fc.uuid().map((u) => `${u}0`), fc.uuid().map((u) => u.replaceAll('-', ''))).filter((s) => !UUID.test(s));
const deeplyNested = fc.integer({ min: 100, max: 1500 }).map((n) => JSON.parse('{"a":'.repeat(n) + '1' + '}'.repeat(n)) as unknown);

/** Mostly ids of real objects (to get past the lookup), sometimes ids of nothing. */
const someId = (ids: string[]) => fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 2 }, { arbitrary: fc.uuid(), weight: 1 });

/** Values a schema accepts, more or less: right type, in range, odd content. */
function plausible(s: JsonSchema, ids: string[]): fc.Arbitrary<unknown> {
  const value: fc.Arbitrary<unknown> =
    s.enum ? fc.constantFrom(...s.enum)
    : s.type === 'integer' || s.type === 'number' ? fc.integer({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6 })
    : s.type === 'boolean' ? fc.boolean()
    : s.format === 'uuid' ? someId(ids)
    : s.format === 'date-time' ? fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString())
    : s.format === 'uri' ? fc.webUrl()
    : s.format === 'email' ? fc.constantFrom('nobody@example.test', 'Ünïcode@example.test', 'a+b@example.test')
    : s.pattern ? fc.stringMatching(new RegExp(s.pattern), { size: 'medium' }).filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity))
    : s.type === 'object' ? plausibleObject(s, ids)
    : fc.oneof(text(s.minLength ?? 0, Math.max(s.minLength ?? 0, Math.min(s.maxLength ?? 60, 60))), fc.constantFrom('Europe/Berlin', '2030-01-01T10:00', '2030-03-31T02:30:00', 'https://example.test/x', 'nobody@example.test'))
      .filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity));
  return s.nullable ? fc.option(value, { nil: null }) : value;
}

function plausibleObject(s: JsonSchema, ids: string[]) {
  const model = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, plausible(v, ids)]));
  return fc.record(model, { requiredKeys: s.required ?? [] }).filter((o) => Object.keys(o).length > 0);
}

/** Values a schema refuses, or undefined if it accepts everything; `json` allows non-strings. */
function poison(s: JsonSchema, json: boolean): fc.Arbitrary<unknown> | undefined {
  const bad: Array<fc.Arbitrary<unknown>> = [];
  const isText = s.type === 'string' || s.enum?.every((v) => typeof v === 'string');
  if (isText) bad.push(text(0, 20).map((v) => `${v}\0${v}`));
  if (json && (s.type || isText)) {
    const wrongType = fc.oneof(fc.boolean(), fc.double(), fc.array(fc.jsonValue(), { maxLength: 3 }), deeplyNested, fc.string()).filter((v) =>
      s.type === 'integer' || s.type === 'number' ? typeof v !== 'number' : s.type === 'boolean' ? typeof v !== 'boolean' : typeof v !== 'string' || !isText);
    bad.push(s.nullable ? wrongType : fc.oneof(wrongType, fc.constant(null)));
  }
  if (s.enum) bad.push(hostileText.filter((v) => !s.enum!.includes(v)));
  if (s.format === 'uuid') bad.push(nonUuid);
  if (s.format === 'date-time') bad.push(fc.constantFrom('yesterday', '2030-01-01', '2030-01-01T10:00:00', '2030-13-01T00:00:00Z', '2030-01-01T25:00:00Z', '+275760-09-13T00:00:00Z'));
  if (s.format === 'uri') bad.push(fc.constantFrom('not a url', 'javascript:alert(1)', 'ftp://example.test/'));
  if (s.pattern) bad.push(hostileText.filter((v) => !new RegExp(s.pattern!).test(v)));
  if (s.maxLength !== undefined) bad.push(fc.integer({ min: s.maxLength + 1, max: s.maxLength + 5000 }).map((n) => 'x'.repeat(n)));
  if ((s.minLength ?? 0) > 0) bad.push(fc.constant(''));
  if (s.type === 'integer' || s.type === 'number') {
    const outOfRange: Array<fc.Arbitrary<number>> = s.type === 'integer' ? [fc.constantFrom(1.5, 2 ** 53 + 2, -(2 ** 53) - 2)] : [];
    if (s.maximum !== undefined) outOfRange.push(fc.integer({ min: s.maximum + 1, max: s.maximum + 1e9 }), fc.constant(1e308));
    if (s.minimum !== undefined) outOfRange.push(fc.integer({ min: s.minimum - 1e9, max: s.minimum - 1 }), fc.constant(-1e308));
    const notANumber = fc.constantFrom('abc', '1e400', '0x1g');
    if (json) bad.push(...outOfRange);
    else bad.push(notANumber, ...outOfRange.map((a) => a.map(String)));
  }
  return bad.length > 0 ? fc.oneof(...bad) : undefined;
}

const malformedJson = fc.oneof(
  fc.constantFrom('{', '{"a":', '[1,', 'nul', "{'a':1}", '{"a":1,}', '\u0000', '', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"isAdmin":true}}}'),
  fc.string().filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }),
  fc.constant('"'.padEnd(1_100_000, 'x')),
);
/** JSON text that is not an object: arrays (some nested 200,000 deep), strings, numbers, null. */
const notAnObject = fc.oneof(fc.oneof(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.string(), fc.double(), fc.boolean(), fc.constant(null)).map((v) => JSON.stringify(v)),
  fc.nat(200_000).map((n) => '['.repeat(n) + ']'.repeat(n)), fc.constantFrom('1e999', '-0', '"\\ud800"'));
const otherContentType = fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16', 'garbage');
const unknownKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'orgId', 'roles'), text(1, 30));

/** Whether a text value passes a string schema's length, pattern and enum. */
function fits(s: JsonSchema, v: string): boolean {
  return v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity) && (!s.pattern || new RegExp(s.pattern).test(v)) && (!s.enum || s.enum.includes(v));
}

/** A poisoned body: unreadable JSON, the wrong shape, or one field wrong, missing or unknown. */
function poisonedBody(s: JsonSchema | undefined, ids: string[]): fc.Arbitrary<{ body: string; contentType: string; read: boolean }> {
  const json = (body: string, read: boolean) => ({ body, contentType: 'application/json', read });
  const kinds: Array<fc.Arbitrary<{ body: string; contentType: string; read: boolean }>> = [
    malformedJson.map((b) => json(b, true)),
    notAnObject.map((v) => json(v, s !== undefined)),
    fc.tuple(otherContentType, fc.oneof(text(), fc.jsonValue().map((v) => JSON.stringify(v)))).map(([contentType, body]) => ({ body, contentType, read: s !== undefined })),
  ];
  if (s?.properties) {
    const props = s.properties;
    const record = plausibleObject(s, ids);
    const poisonable = Object.keys(props).filter((k) => poison(props[k]!, true));
    if (poisonable.length > 0) {
      kinds.push(fc.tuple(record, fc.constantFrom(...poisonable).chain((k) => poison(props[k]!, true)!.map((v) => [k, v] as const)))
        .map(([o, [k, v]]) => json(JSON.stringify({ ...o, [k]: v }), true)));
    }
    if (s.required?.length) kinds.push(fc.tuple(record, fc.constantFrom(...s.required)).map(([o, k]) => json(JSON.stringify({ ...o, [k]: undefined }), true)));
    if (s.additionalProperties === false) {
      kinds.push(fc.tuple(record, unknownKey.filter((k) => !(k in props)), fc.jsonValue())
        .map(([o, k, v]) => json(`{${JSON.stringify(k)}:${JSON.stringify(v)}${Object.keys(o).length ? ',' : ''}${JSON.stringify(o).slice(1)}`, true)));
    }
  }
  return fc.oneof(...kinds);
}

const encode = (v: unknown) => encodeURIComponent(String(v).toWellFormed());
const queryText = (entries: Array<[string, unknown]>) => entries.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
const noiseQuery = fc.oneof(fc.constant(''), fc.dictionary(unknownKey, hostileText, { maxKeys: 3 }).map((d) => queryText(Object.entries(d))),
  fc.constantFrom('&&&', '=', '%', '%zz', '%E0%A4%A', 'a[b]=c', 'x=1&x=2'));

/** Requests for one operation: plausible ones, and ones poisoned in exactly one part. */
export function fuzzRequest(op: Operation, ids: string[]): fc.Arbitrary<FuzzRequest> {
  const hasBody = op.method !== 'GET';
  const params = fc.record(Object.fromEntries(op.params.map((p) => [p, someId(ids)])));
  const queryKeys = Object.keys(op.query);
  const strangers = fc.oneof({ arbitrary: fc.constant({}), weight: 4 }, { arbitrary: fc.dictionary(unknownKey.filter((k) => !(k in op.query)), hostileText, { maxKeys: 2 }), weight: 1 });
  const query = queryKeys.length === 0 ? noiseQuery
    : fc.tuple(fc.record(Object.fromEntries(queryKeys.map((k) => [k, plausible(op.query[k]!, ids)])), { requiredKeys: [] }), strangers)
      .map(([known, unknown]) => queryText([...Object.entries(known), ...Object.entries(unknown)]));
  const body = hasBody && op.body ? plausible(op.body, ids).map((v) => JSON.stringify(v)) : fc.option(fc.jsonValue().map((v) => JSON.stringify(v)), { nil: undefined });
  // Header values must be printable ASCII to be sent at all.
  const headers = fc.record(Object.fromEntries(Object.entries(op.headers).map(([k, v]) => [k, plausible(v, ids).map((x) => String(x).replace(/[^\x20-\x7e]/g, 'x'))])), { requiredKeys: [] });
  const base = fc.record({ params, query, body: hasBody ? body : fc.constant(undefined), headers, junkHeader: fc.option(text(0, 80).map((v) => v.replace(/[^\x21-\x7e]/g, 'x'))) });

  const poisons: Array<fc.Arbitrary<Partial<FuzzRequest> & { poisoned: FuzzRequest['poisoned'] }>> = [fc.constant({ poisoned: undefined })];
  if (op.params.length > 0) {
    // Not "." or "..": a URL's dot segments are resolved before it is sent ("/coaches/./availability"
    // is "/coaches/availability", another route), so no client can send them as a value.
    const pathValue = nonUuid.filter((v) => v !== '' && v !== '.' && v !== '..');
    poisons.push(fc.record(Object.fromEntries(op.params.map((p) => [p, pathValue]))).map((p) => ({ params: p, poisoned: { part: 'params' as const, read: true } })));
  }
  const queryPoisons = queryKeys.map((k) => [k, poison(op.query[k]!, false)] as const).filter(([, a]) => a);
  if (queryPoisons.length > 0) {
    const one = fc.constantFrom(...queryPoisons).chain(([k, a]) => a!.map((v) => [k, v] as [string, unknown]));
    poisons.push(fc.oneof(one.map((e) => [e]), fc.constantFrom(...queryKeys).map((k) => [[k, '1'], [k, '2']] as Array<[string, unknown]>))
      .map((entries) => ({ query: queryText(entries), poisoned: { part: 'querystring' as const, read: true } })));
  }
  if (hasBody) poisons.push(poisonedBody(op.body, ids).map(({ body: b, contentType, read }) => ({ body: b, contentType, poisoned: { part: 'body' as const, read } })));
  const headerPoisons = Object.entries(op.headers).flatMap(([name, schema]) =>
    ['ä', 'a b', 'a\tb', '', 'k'.repeat((schema.maxLength ?? 200) + 1)].filter((v) => !fits(schema, v)).map((v) => ({ [name]: v })));
  if (headerPoisons.length > 0) poisons.push(fc.constantFrom(...headerPoisons).map((h) => ({ headers: h, poisoned: { part: 'headers' as const, read: true } })));

  return fc.tuple(base, fc.oneof(...poisons)).map(([b, p]) => ({
    params: p.params ?? b.params,
    query: p.query ?? b.query,
    body: p.body ?? b.body,
    contentType: p.contentType ?? (hasBody && (p.body ?? b.body) !== undefined ? 'application/json' : undefined),
    headers: {
      ...b.headers,
      ...(b.junkHeader !== null && { 'x-forwarded-for': b.junkHeader }),
      ...p.headers,
    },
    poisoned: p.poisoned,
  }));
}

export function pathOf(op: Operation, r: FuzzRequest): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(r.params[name]));
  return r.query ? `${path}?${r.query}` : path;
}
