// How a visitor patch applies: profile fields merge one by one; other fields replace
// the old value; undefined in a patch means "leave as is", never "delete".
import type { VisitorRecord } from './types';

export type VisitorPatch = Partial<Omit<VisitorRecord, 'visitorId' | 'createdAt' | 'userId'>>;

export function mergeVisitor(current: VisitorRecord, patch: VisitorPatch, now: number): VisitorRecord {
  const next: VisitorRecord = { ...current, profile: { ...current.profile } };
  for (const [key, value] of Object.entries(patch) as [keyof VisitorPatch, unknown][]) {
    // The user link is the store's linkUser's alone, never a patch's.
    if (value === undefined || (key as string) === 'userId') continue;
    if (key === 'profile') {
      for (const [field, fieldValue] of Object.entries(value as object)) {
        if (fieldValue !== undefined) (next.profile as Record<string, unknown>)[field] = fieldValue;
      }
    } else {
      (next as unknown as Record<string, unknown>)[key] = value;
    }
  }
  if (patch.updatedAt === undefined) next.updatedAt = now;
  return next;
}
