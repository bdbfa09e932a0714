// The rush's HTTP client: JSON in and out over keep-alive connections, one per virtual user, with
// a time limit on every request so that no person's flow can hang the run.
import http from 'node:http';

export interface Answer {
  status: number;
  body: unknown;
  setCookies: string[];
}

export function jsonClient(baseUrl: string, connections: number, timeoutMs: number) {
  const { hostname, port } = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const request = (method: 'GET' | 'POST', path: string, o: { body?: unknown; cookie?: string; headers?: Record<string, string> } = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
      const headers: Record<string, string> = { ...o.headers, 'content-length': String(payload ? Buffer.byteLength(payload) : 0) };
      if (payload) headers['content-type'] = 'application/json';
      if (o.cookie) headers.cookie = o.cookie;
      const req = http.request({ host: hostname, port, path, method, agent, headers, timeout: timeoutMs }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', reject);
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (a proxy's page, a cut-off answer): kept as text for the error sample
          }
          resolve({ status: res.statusCode ?? 0, body, setCookies: res.headers['set-cookie'] ?? [] });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path.split('?')[0]} within ${timeoutMs / 1000} s`)));
      req.on('error', reject);
      req.end(payload);
    });
  return { request, close: () => agent.destroy() };
}
