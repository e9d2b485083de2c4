// Latency summaries and the printed table of the forwarding benchmark.

export interface Row {
  mode: string;
  messages: number;
  seconds: number;
  /** Per-message latencies in ms. */
  latencies: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summary(row: Row): { rate: number; p50: number; p99: number } {
  const sorted = [...row.latencies].sort((a, b) => a - b);
  return { rate: row.messages / row.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

export function printTable(rows: Row[]): void {
  const head = ['mode', 'messages', 'msg/s', 'p50 ms', 'p99 ms'];
  const body = rows.map((row) => {
    const s = summary(row);
    return [row.mode, String(row.messages), s.rate.toFixed(0), s.p50.toFixed(2), s.p99.toFixed(2)];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) console.log(line(r));
}
