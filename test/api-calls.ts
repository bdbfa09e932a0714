// Calling the API in tests: one line per request, the answer read once as text and as JSON.
import type { TestApp } from './app.ts';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** The raw response text, for asserting what never leaves (names, e-mails, ids). */
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever came back
  body: any;
}

export async function call(
  t: TestApp, method: string, path: string, options: { body?: unknown; cookie?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const res = await t.request(method, path, options);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: parseJson(text) };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The names of the fields a 400 answer blames, without the request part that schema validation
 * puts in front ("body.startsAt" and "startsAt" both read "startsAt").
 */
export function blamedFields(answer: ApiAnswer): string[] {
  const fields = (answer.body?.fields ?? []) as Array<{ field: string }>;
  return fields.map((f) => f.field.replace(/^(body|querystring|params|headers)\./, ''));
}
