import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ChatKind, DomainMetrics } from '../domain/metrics.js';
import type { StoreLatency } from '../store/timedStore.js';

/**
 * One node's Prometheus series (docs/deployment.md, Metrics): the process's, the domain's
 * counters, and the store's latency. The HTTP server adds its own to `registry` and serves it at `/metrics`.
 */
export class PrometheusMetrics implements DomainMetrics, StoreLatency {
  readonly registry = new Registry();
  private readonly messages = this.counter('dingo_messages_sent_total', 'Robot messages stored, by chat kind', ['chat']);
  private readonly deliveries = this.counter('dingo_deliveries_total', "Users' copies of robot messages stored, by chat kind", ['chat']);
  private readonly flowControlledRecipients = this.counter('dingo_flow_controlled_recipients_total', 'Recipients left out of a one-to-one send by flow control');
  private readonly reads = this.counter('dingo_reads_total', "Users' first reads of a message copy");
  private readonly recalls = this.counter('dingo_recalls_total', 'Messages recalled');
  private readonly streamPushes = this.counter('dingo_stream_pushes_total', "Users' messages pushed to a Stream connection, first pushes and redeliveries");
  private readonly streamAcks = this.counter('dingo_stream_acks_total', 'Stream pushes acked');
  private readonly redeliveries = this.counter('dingo_redeliveries_total', "Users' messages pushed again, by channel", ['channel']);
  private readonly callbacks = this.counter('dingo_http_callback_deliveries_total', 'HTTP callback posts, by outcome: ok (a 2xx) or failed', ['outcome']);
  private readonly storeDuration = new Histogram({
    name: 'dingo_store_operation_duration_seconds',
    help: 'Time of one store call, by area and operation (area store: a whole transaction)',
    labelNames: ['area', 'operation'] as const,
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'dingo_' });
  }

  sent(chatKind: ChatKind, recipients: number): void {
    this.messages.inc({ chat: chatKind });
    this.deliveries.inc({ chat: chatKind }, recipients);
  }

  flowControlled(recipients: number): void {
    if (recipients > 0) this.flowControlledRecipients.inc(recipients);
  }

  read(): void {
    this.reads.inc();
  }

  recalled(): void {
    this.recalls.inc();
  }

  pushed(channel: 'stream' | 'http', redelivery: boolean): void {
    if (channel === 'stream') this.streamPushes.inc();
    if (redelivery) this.redeliveries.inc({ channel });
  }

  acked(): void {
    this.streamAcks.inc();
  }

  callbackAnswered(ok: boolean): void {
    this.callbacks.inc({ outcome: ok ? 'ok' : 'failed' });
  }

  recorderOf(area: string, operation: string): (seconds: number) => void {
    const series = this.storeDuration.labels(area, operation);
    return (seconds) => series.observe(seconds);
  }

  private counter<Label extends string = never>(name: string, help: string, labelNames: readonly Label[] = []): Counter<Label> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }
}
