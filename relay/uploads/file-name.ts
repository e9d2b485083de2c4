// File names of uploads: sanitised on the way in (no paths, no control or bidi characters,
// bounded length, an extension that matches the sniffed type) and the Content-Disposition
// header on the way out (an ASCII fallback plus RFC 5987 filename*).

export const NAME_MAX_CHARS = 120;

const EXTENSIONS: Record<string, string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'application/msword': ['doc', 'dot'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.ms-excel': ['xls', 'xlt'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.ms-powerpoint': ['ppt', 'pps'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'text/plain': ['txt', 'text', 'log', 'md'],
  'text/csv': ['csv'],
  'text/html': ['html', 'htm'],
  'image/svg+xml': ['svg'],
  'audio/mpeg': ['mp3'],
  'audio/ogg': ['ogg', 'oga', 'opus'],
  'audio/wav': ['wav'],
  'audio/mp4': ['m4a', 'm4b', 'mp4'],
  'video/mp4': ['mp4', 'm4v'],
  'video/webm': ['webm'],
  'video/quicktime': ['mov', 'qt'],
  'video/x-matroska': ['mkv'],
};

/**
 * A safe display and download name: the last path segment, without control, format (bidi
 * overrides), lone surrogate or reserved characters, at most NAME_MAX_CHARS. Never empty.
 */
export function sanitiseName(raw: string | undefined): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}<>:"|?*]/gu, '').replace(/\s+/g, ' ').trim();
  name = name.replace(/^\.+/, '').trim();
  if (name.length > NAME_MAX_CHARS) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = Array.from(name.slice(0, dot > 0 && ext ? dot : undefined)).slice(0, NAME_MAX_CHARS - ext.length).join('').trimEnd() + ext;
  }
  return name || 'file';
}

/**
 * Makes the name's extension agree with the stored type, so a download never opens with a
 * program the content was not meant for: `setup.exe` stored as PNG becomes `setup.exe.png`.
 */
export function withTypeExtension(name: string, type: string): string {
  const known = EXTENSIONS[type];
  if (!known) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (known.includes(ext)) return name;
  return sanitiseName(`${name}.${known[0]}`);
}

/** `inline` or `attachment`, with an ASCII fallback name and the exact name as RFC 5987 `filename*`. */
export function contentDisposition(name: string, inline: boolean): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
