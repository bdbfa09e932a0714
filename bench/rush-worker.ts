// Entry of the thread that plays the rush's people (or the ceiling's clients), so that they do not
// share the server's event loop. Log-in tokens come from the SMTP listener, which reports to the
// main thread: the thread asks for each one by message (rush-threads.ts answers).
import { parentPort, workerData } from 'node:worker_threads';
import { runCeiling, type CeilingPlan } from './rush-ceiling.ts';
import { runRush, type RushPlan } from './rush-flow.ts';
import { STARTING, type TokenAnswer, type TokenRequest } from './rush-threads.ts';

const port = parentPort!;
const task = workerData as { rush: RushPlan } | { ceiling: CeilingPlan };

if ('rush' in task) {
  const waiting = new Map<number, { resolve: (token: string) => void; reject: (error: Error) => void }>();
  port.on('message', (m: TokenAnswer) => {
    const waiter = waiting.get(m.id);
    waiting.delete(m.id);
    if ('token' in m) waiter?.resolve(m.token);
    else waiter?.reject(new Error(m.error));
  });
  let asked = 0;
  const mailedToken = (email: string) =>
    new Promise<string>((resolve, reject) => {
      const id = asked++;
      waiting.set(id, { resolve, reject });
      port.postMessage({ wantToken: { id, email } } satisfies TokenRequest);
    });
  port.postMessage(STARTING);
  const result = await runRush(task.rush, mailedToken);
  port.postMessage({ result }, Object.values(result.latency).map((l) => l.buffer));
} else {
  const result = await runCeiling(task.ceiling, () => port.postMessage(STARTING));
  port.postMessage({ result }, [result.latency.buffer]);
}
