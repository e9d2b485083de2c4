// How a visitor lives in a Redis hash: `p:<field>` per profile field (so an update merges
// them one by one with a plain HSET) and `f:<field>` per other field, each value JSON.
import type { VisitorRecord } from './types';
import type { VisitorPatch } from './visitor-merge';

export function visitorToFields(fields: VisitorPatch & { visitorId?: string }): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    // f:userId is written by the store's link script alone, beside the u:<user id> key.
    if (value === undefined || key === 'visitorId' || key === 'userId') continue;
    if (key === 'profile') {
      for (const [field, fieldValue] of Object.entries(value as object)) {
        if (fieldValue !== undefined) out.push(`p:${field}`, JSON.stringify(fieldValue));
      }
    } else {
      out.push(`f:${key}`, JSON.stringify(value));
    }
  }
  return out;
}

export function visitorFromHash(visitorId: string, hash: Record<string, string>): VisitorRecord | undefined {
  if (Object.keys(hash).length === 0) return undefined;
  const record: Record<string, unknown> = { visitorId, profile: {} };
  const profile = record.profile as Record<string, unknown>;
  for (const [field, raw] of Object.entries(hash)) {
    const value: unknown = JSON.parse(raw);
    if (field.startsWith('p:')) profile[field.slice(2)] = value;
    else if (field.startsWith('f:')) record[field.slice(2)] = value;
  }
  return record as unknown as VisitorRecord;
}
