// Reading the open-sessions list over HTTP at modest concurrency, one kind of query at a time.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface ListingPlan {
  baseUrl: string;
  cookies: string[];
  /** Each kind cycles through its paths (e.g. one per module). */
  kinds: Array<{ name: string; paths: string[] }>;
  warmup: number;
  requests: number;
  concurrency: number;
}

export interface ListingResult {
  kinds: Array<{ name: string; latency: Float64Array<ArrayBuffer>; failures: string[]; items: number }>;
}

export async function runListing(plan: ListingPlan): Promise<ListingResult> {
  const { hostname, port } = new URL(plan.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency });
  const get = (path: string, cookie: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      http.get({ host: hostname, port, path, agent, headers: { cookie } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      }).on('error', reject);
    });

  const kinds: ListingResult['kinds'] = [];
  for (const kind of plan.kinds) {
    const latency: number[] = [];
    const failures: string[] = [];
    let items = 0;
    let next = 0;
    const total = plan.warmup + plan.requests;
    const client = async (c: number) => {
      for (let i = next++; i < total; i = next++) {
        const began = performance.now();
        const { status, body } = await get(kind.paths[i % kind.paths.length]!, plan.cookies[c % plan.cookies.length]!);
        const took = performance.now() - began;
        if (i < plan.warmup) continue;
        latency.push(took);
        if (status !== 200) failures.push(`${status} ${body.slice(0, 200)}`);
        else if (i === plan.warmup) items = (JSON.parse(body) as { items: unknown[] }).items.length;
      }
    };
    await Promise.all(Array.from({ length: plan.concurrency }, (_, c) => client(c)));
    kinds.push({ name: kind.name, latency: Float64Array.from(latency), failures, items });
  }
  agent.destroy();
  return { kinds };
}
