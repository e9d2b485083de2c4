// Prometheus text exposition for /metrics: a few counters, gauges and histograms, with
// labels. Small enough that a client library would cost more than it saves.

type Labels = Record<string, string>;

const labelKey = (labels: Labels) =>
  Object.keys(labels).sort().map((k) => `${k}="${escapeLabel(labels[k] ?? '')}"`).join(',');
const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const series = (name: string, key: string) => (key ? `${name}{${key}}` : name);

export class Counter {
  private readonly values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0) lines.push(`${this.name} 0`);
    for (const [key, v] of this.values) lines.push(`${series(this.name, key)} ${v}`);
    return lines.join('\n');
  }
}

export class Gauge {
  private value = 0;
  constructor(readonly name: string, readonly help: string) {}
  set(v: number): void { this.value = v; }
  inc(by = 1): void { this.value += by; }
  dec(by = 1): void { this.value -= by; }
  get(): number { return this.value; }
  render(): string {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${this.get()}`].join('\n');
  }
}

export class Histogram {
  private readonly data = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(readonly name: string, readonly help: string, readonly buckets: number[]) {}
  observe(value: number, labels: Labels = {}): void {
    const key = labelKey(labels);
    let d = this.data.get(key);
    if (!d) this.data.set(key, (d = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    this.buckets.forEach((b, i) => { if (value <= b) d.counts[i]! += 1; });
    d.sum += value;
    d.count += 1;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, d] of this.data) {
      const prefix = key ? `${key},` : '';
      this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{${prefix}le="${b}"} ${d.counts[i]}`));
      lines.push(`${this.name}_bucket{${prefix}le="+Inf"} ${d.count}`);
      lines.push(`${series(`${this.name}_sum`, key)} ${d.sum}`);
      lines.push(`${series(`${this.name}_count`, key)} ${d.count}`);
    }
    return lines.join('\n');
  }
}

export interface Metrics {
  /** Visitor messages accepted into the outbox. */
  messagesIn: Counter;
  /** Visitor messages confirmed by Kit (`outcome`: delivered | failed). */
  messagesOut: Counter;
  /** Kit callbacks by `outcome`: delivered | duplicate | rejected | ignored. */
  callbacks: Counter;
  /** Kit call latency in seconds by `op` (login | refresh | send) and `outcome` (ok | error). */
  kitLatency: Histogram;
  /** Kit call failures by `op` and `code`. */
  kitErrors: Counter;
  openStreams: Gauge;
  outboxDepth: Gauge;
  render(): string;
}

/** `outboxDepth` is set from the store at scrape time by the /metrics route. */
export function createMetrics(): Metrics {
  const metrics: Metrics = {
    messagesIn: new Counter('relay_messages_in_total', 'Visitor messages accepted.'),
    messagesOut: new Counter('relay_messages_out_total', 'Visitor messages finished with Kit, by outcome.'),
    callbacks: new Counter('relay_kit_callbacks_total', 'Kit callbacks received, by outcome.'),
    kitLatency: new Histogram('relay_kit_call_seconds', 'Kit API call latency.', [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
    kitErrors: new Counter('relay_kit_errors_total', 'Kit API call failures, by operation and code.'),
    openStreams: new Gauge('relay_open_streams', 'Open visitor event streams.'),
    outboxDepth: new Gauge('relay_outbox_depth', 'Visitor messages accepted and not yet confirmed by Kit.'),
    render: () =>
      [metrics.messagesIn, metrics.messagesOut, metrics.callbacks, metrics.kitLatency, metrics.kitErrors, metrics.openStreams, metrics.outboxDepth]
        .map((m) => m.render()).join('\n') + '\n',
  };
  return metrics;
}
