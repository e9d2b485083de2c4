// Bounds on list paging shared by both stores, so a caller's bad number can never turn
// into an unbounded read.
export const LIST_MAX_LIMIT = 1000;

export function clampLimit(limit: number): number {
  if (!Number.isFinite(limit)) return LIST_MAX_LIMIT;
  return Math.min(LIST_MAX_LIMIT, Math.max(0, Math.floor(limit)));
}

export function clampAfter(after: number): number {
  return Number.isFinite(after) ? Math.max(0, Math.floor(after)) : 0;
}
