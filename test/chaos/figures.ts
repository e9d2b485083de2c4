// Figures printed by the fault runs: one labelled line per run, so `npm run test:chaos`
// output shows what was measured, plus the small statistics the runs share.

export function printFigures(run: string, figures: Record<string, string | number>): void {
  const cells = Object.entries(figures).map(([k, v]) => `${k}: ${v}`);
  console.log(`[chaos] ${run}: ${cells.join(', ')}`);
}

/** The q-quantile (0..1) of the values, nearest-rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many ids appear after an id that should come later (0 when in order). */
export function outOfOrder(got: string[], want: string[]): number {
  const rank = new Map(want.map((id, i) => [id, i]));
  let worst = -1;
  let count = 0;
  for (const id of got) {
    const r = rank.get(id) ?? -1;
    if (r < worst) count += 1;
    worst = Math.max(worst, r);
  }
  return count;
}
