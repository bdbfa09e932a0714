// Entry of the thread that plays the clients (workload.ts, listing-load.ts), so they do not share
// the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { runListing, type ListingPlan } from './listing-load.ts';
import { MEASURING, runWorkload, type LoadPlan } from './workload.ts';

const task = workerData as { booking: LoadPlan } | { listing: ListingPlan };
if ('booking' in task) {
  const result = await runWorkload(task.booking, () => parentPort!.postMessage(MEASURING));
  parentPort!.postMessage(result, [result.bookLatency.buffer, result.cancelLatency.buffer]);
} else {
  const result = await runListing(task.listing);
  parentPort!.postMessage(result, result.kinds.map((k) => k.latency.buffer));
}
