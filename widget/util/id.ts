// Client-made message ids: the relay de-duplicates sends on them, so they must be unique.
// 128 random bits as hex; getRandomValues works on plain http too, unlike randomUUID.
export function newId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((x) => x.toString(16).padStart(2, '0')).join('');
}
