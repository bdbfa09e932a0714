// Prometheus metrics at /metrics: requests, latencies, bookings and the database pool.
import client from 'prom-client';
import type pg from 'pg';

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics(pool: pg.Pool) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const poolGauge = (name: string, help: string, read: () => number) =>
    new client.Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  poolGauge('quartet_db_pool_connections', 'Open connections in the pool', () => pool.totalCount);
  poolGauge('quartet_db_pool_idle', 'Idle connections in the pool', () => pool.idleCount);
  poolGauge('quartet_db_pool_waiting', 'Queries waiting for a connection', () => pool.waitingCount);
  return {
    registry,
    requests: new client.Counter({
      name: 'quartet_http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'] as const, registers: [registry],
    }),
    latency: new client.Histogram({
      name: 'quartet_http_request_duration_seconds', help: 'Time to answer an HTTP request', labelNames: ['method', 'route'] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
    }),
    bookings: new client.Counter({
      name: 'quartet_bookings_total', help: 'Booking operations by outcome (created, cancelled, moved, or the refusal code)',
      labelNames: ['operation', 'outcome'] as const, registers: [registry],
    }),
    messages: new client.Counter({
      name: 'quartet_messages_total', help: 'Outgoing message jobs by outcome (sent, moot, postponed, failed, skipped)',
      labelNames: ['outcome'] as const, registers: [registry],
    }),
  };
}
