// Content sniffing for uploads: the stored type comes from the file's bytes (magic numbers),
// never from the request. Text passes only as valid UTF-8 without NULs, and markup (HTML,
// SVG, XML) is named as such so the allow-list can refuse it.

/** What the upload pipeline knows about a finished body. */
export interface SniffInput {
  /** The first bytes of the file (the pipeline keeps up to SNIFF_WINDOW_BYTES). */
  head: Uint8Array;
  /** The last bytes of the file (ZIP central directory, OLE directory sectors). */
  tail: Uint8Array;
  /** True when the whole body decoded as UTF-8 and held no NUL byte. */
  utf8Text: boolean;
  /** The sanitised file name; only picks text/csv over text/plain. */
  name: string;
  /** The declared type; only picks text/csv over text/plain. */
  declaredType?: string;
}

export const SNIFF_WINDOW_BYTES = 128 * 1024;

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
const utf16 = (s: string) => Buffer.from(s, 'utf16le').toString('latin1');

const OOXML: [marker: string, type: string][] = [
  ['word/', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xl/', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['ppt/', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];
// Stream names in the OLE (CFB) directory, UTF-16LE: what tells .doc, .xls and .ppt apart.
const OLE: [marker: string, type: string][] = [
  [utf16('WordDocument'), 'application/msword'],
  [utf16('Workbook'), 'application/vnd.ms-excel'],
  [utf16('Book\0'), 'application/vnd.ms-excel'],
  [utf16('PowerPoint Document'), 'application/vnd.ms-powerpoint'],
];
const MARKUP = /^\s*<(?:!doctype\s+html|html|head|body|script|iframe|svg|\?xml|!--|[a-z]+[^>]*\bon[a-z]+\s*=)/i;

/** The file's MIME type from its bytes, or undefined when nothing known matches. */
export function sniffType(input: SniffInput): string | undefined {
  const h = input.head;
  if (startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(h, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(h, 0, 6) === 'GIF87a' || ascii(h, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(h, 0, 4) === 'RIFF' && ascii(h, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(h, 0, 4) === 'RIFF' && ascii(h, 8, 12) === 'WAVE') return 'audio/wav';
  if (ascii(h, 0, 5) === '%PDF-') return 'application/pdf';
  if (startsWith(h, [0x50, 0x4b, 0x03, 0x04])) return markerType(input, OOXML);
  if (startsWith(h, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return markerType(input, OLE);
  if (ascii(h, 0, 3) === 'ID3' || (h[0] === 0xff && ((h[1] ?? 0) & 0xe6) === 0xe2)) return 'audio/mpeg';
  if (ascii(h, 0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(h, 4, 8) === 'ftyp') return ftypType(ascii(h, 8, 12));
  if (startsWith(h, [0x1a, 0x45, 0xdf, 0xa3])) return latin1(h.subarray(0, 64)).includes('webm') ? 'video/webm' : 'video/x-matroska';
  if (input.utf8Text) return textType(input);
  return undefined;
}

/** ISO base media brands: QuickTime, audio-only MPEG-4, everything else as video/mp4. */
function ftypType(brand: string): string {
  if (brand === 'qt  ') return 'video/quicktime';
  if (brand === 'M4A ' || brand === 'M4B ' || brand === 'M4P ') return 'audio/mp4';
  return 'video/mp4';
}

/** Container formats name their parts; a plain ZIP or an OLE file that is not Office matches nothing. */
function markerType(input: SniffInput, markers: [string, string][]): string | undefined {
  const haystack = latin1(input.head) + latin1(input.tail);
  for (const [marker, type] of markers) if (haystack.includes(marker)) return type;
  return undefined;
}

function textType(input: SniffInput): string {
  const start = latin1(input.head.subarray(0, 1024)).replace(/^\xef\xbb\xbf/, '');
  if (MARKUP.test(start)) return /^\s*<(?:svg|\?xml)/i.test(start) && /<svg/i.test(start) ? 'image/svg+xml' : 'text/html';
  const csv = input.declaredType?.toLowerCase().split(';')[0]?.trim() === 'text/csv' || /\.csv$/i.test(input.name);
  return csv ? 'text/csv' : 'text/plain';
}

/** Types a browser may render as a page or run script in: only ever served as downloads. */
export function isActiveType(type: string): boolean {
  return /html|xml|svg|javascript|ecmascript/i.test(type);
}

/** Shown in place (images, audio, video, PDF); anything else is a download. */
export function isInlineType(type: string): boolean {
  if (isActiveType(type)) return false;
  return /^(?:image|audio|video)\//.test(type) || type === 'application/pdf';
}

/** The mailbox attachment kind for a MIME type. */
export function kindOf(type: string): 'image' | 'video' | 'audio' | 'file' {
  if (isActiveType(type)) return 'file';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  return 'file';
}

/** For a whole body in memory: valid UTF-8 without NUL bytes (what `utf8Text` means). */
export function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
