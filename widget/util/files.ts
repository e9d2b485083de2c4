// File checks done in the browser before anything is uploaded, and human-readable sizes.
import type { AttachmentKind } from '../../protocol/relay-api';

/** True when `types` (MIME types, `image/*` wildcards or `.ext` suffixes) allows the file; empty allows all. */
export function typeAllowed(types: readonly string[], file: { type: string; name: string }): boolean {
  if (!types.length) return true;
  const mime = file.type.toLowerCase();
  const name = file.name.toLowerCase();
  return types.some((raw) => {
    const t = raw.trim().toLowerCase();
    if (t[0] === '.') return name.endsWith(t);
    return t.endsWith('/*') ? mime.startsWith(t.slice(0, -1)) : mime === t;
  });
}

export function kindOf(type: string | undefined): AttachmentKind {
  const major = (type ?? '').split('/')[0];
  return major === 'image' || major === 'video' || major === 'audio' ? major : 'file';
}

/** 1536 → "1.5 KB", with the locale's decimal mark and unit names. */
export function formatSize(bytes: number, locale: string, units: readonly string[]): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit && value < 10 ? 1 : 0;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })}\u00a0${units[unit]}`; // never split "10 MB"
}
