// The safe markdown subset of operator and bot text (README, What the visitor gets), parsed into plain data that
// the Markdown component turns into elements: bold, italic, inline code, code blocks, bullet and
// numbered lists, links (http, https, mailto, tel only) and line breaks. No HTML ever: a `<` is
// text like any other. One pass over the text, with bounded look-ahead, so hostile input (ten
// thousand asterisks, deep nesting, unclosed fences) costs about as much as ordinary text.
import { safeUrl } from './linkify';

export type Inline =
  | string
  | { t: 'b' | 'i'; c: Inline[] }
  | { t: 'code'; text: string }
  | { t: 'a'; href: string; c: Inline[] };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'pre'; text: string }
  | { t: 'ul'; items: Inline[][] }
  | { t: 'ol'; start: number; items: Inline[][] };

/** Emphasis deeper than this stays literal text: nobody writes it, and it bounds the work. */
const MAX_DEPTH = 8;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ITEM = /^ {0,3}(?:([-*+])|(\d{1,9})[.)])[ \t]+(\S.*)$/;
// Bare links, as the plain-text widget always showed them.
const AUTOLINK = /(?:https?:\/\/[^\s<>"]+|mailto:[^\s<>"]+|tel:\+?\d[\d\-().]*\d)/iy;
const TRAILING = /[.,;:!?'"\]*_]+$/;
const PUNCTUATION = /[!-/:-@[-`{-~]/;
const ALNUM = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

/** Parses markdown into blocks; never throws. */
export function parseMarkdown(text: string): Block[] {
  const lines = text.split(/\r\n?|\n/);
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ t: 'p', c: parseInline(para.join('\n')) });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const mark = fence[1]!;
      const body: string[] = [];
      // An unclosed fence runs to the end of the message.
      while (++i < lines.length && !(lines[i]!.trimStart().startsWith(mark) && /^[`~]*$/.test(lines[i]!.trim()))) body.push(lines[i]!);
      blocks.push({ t: 'pre', text: body.join('\n') });
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      flush();
      const ordered = !item[1];
      const items: string[][] = [[item[3]!]];
      // Items of the same kind follow, maybe after blank lines; other lines continue an item.
      while (i + 1 < lines.length) {
        let next = i + 1;
        while (next < lines.length && !lines[next]!.trim()) next++;
        const more = next < lines.length ? ITEM.exec(lines[next]!) : null;
        if (more && !more[1] === ordered) {
          items.push([more[3]!]);
          i = next;
        } else if (next === i + 1 && next < lines.length && !FENCE.test(lines[next]!) && !more) {
          items.at(-1)!.push(lines[next]!.trim());
          i = next;
        } else break;
      }
      const c = items.map((parts) => parseInline(parts.join('\n')));
      blocks.push(ordered ? { t: 'ol', start: Number(item[2]), items: c } : { t: 'ul', items: c });
      continue;
    }
    if (line.trim()) para.push(line);
    else flush();
  }
  flush();
  return blocks;
}

interface Frame {
  /** The delimiter that opened it: `**`, `__`, `*` or `_`. */
  mark: string;
  c: Inline[];
}

/**
 * Inline markup of one block: code spans, links, bare links, emphasis. `plain` reads bare links
 * only, for the visitor's own text, which is never formatted.
 */
export function parseInline(text: string, links = true, plain = false): Inline[] {
  const root: Frame = { mark: '', c: [] };
  const stack: Frame[] = [root];
  let buffer = '';
  const top = () => stack[stack.length - 1]!;
  const emit = (node: Inline) => {
    if (buffer) top().c.push(buffer);
    buffer = '';
    top().c.push(node);
  };
  /** Closes the frames above `index` as literal text: their delimiters did not pair up. */
  const unwind = (index: number) => {
    if (buffer) top().c.push(buffer);
    buffer = '';
    while (stack.length - 1 > index) {
      const frame = stack.pop()!;
      const into = top().c;
      into.push(frame.mark);
      for (const node of frame.c) into.push(node);
    }
  };
  const backticks = codeSpanIndex(text);
  const linkAt = linkReader(text);

  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (plain && !/[hmt]/i.test(ch)) {
      buffer += ch;
      i++;
    } else if (ch === '\\' && PUNCTUATION.test(text[i + 1] ?? '')) {
      buffer += text[i + 1];
      i += 2;
    } else if (ch === '`') {
      let n = 1;
      while (text[i + n] === '`') n++;
      const end = backticks.next(n, i + n);
      if (end < 0) buffer += text.slice(i, i + n);
      else emit({ t: 'code', text: text.slice(i + n, end).replace(/^ (.*) $/s, '$1') });
      i = end < 0 ? i + n : end + n;
    } else if (ch === '[' && links) {
      const link = linkAt(i);
      if (link && 'href' in link) emit({ t: 'a', href: link.href, c: parseInline(link.label, false) });
      else buffer += link ? text.slice(i, link.end) : ch;
      i = link ? link.end : i + 1;
    } else if (links && /[hmt]/i.test(ch) && !ALNUM.test(text[i - 1] ?? '')) {
      AUTOLINK.lastIndex = i;
      const match = AUTOLINK.exec(text);
      const raw = match ? trimLink(match[0]) : '';
      const href = raw ? safeUrl(raw) : null;
      // What looked like a link and is not one stays text as a whole, and is not read again.
      if (href) emit({ t: 'a', href, c: [raw] });
      else buffer += raw || ch;
      i += raw.length || 1;
    } else if (ch === '*' || ch === '_') {
      let n = 1;
      while (text[i + n] === ch) n++;
      const before = text[i - 1] ?? ' ';
      const after = text[i + n] ?? ' ';
      // A run opens before a word and closes after one; `_` never inside a word (snake_case).
      const opens = !SPACE.test(after) && (ch === '*' || !ALNUM.test(before));
      const closes = !SPACE.test(before) && (ch === '*' || !ALNUM.test(after));
      if (n > 3 || (!opens && !closes)) buffer += text.slice(i, i + n);
      else {
        // `***` is a pair of delimiters: closing, the single one goes first.
        const marks = n === 3 ? [ch + ch, ch] : [ch.repeat(n)];
        for (const mark of closes && stack.some((f) => f.mark === marks.at(-1)) ? marks.reverse() : marks) {
          const at = closes ? stack.findLastIndex((f) => f.mark === mark) : -1;
          if (at > 0) {
            unwind(at);
            const frame = stack.pop()!;
            top().c.push({ t: mark.length === 2 ? 'b' : 'i', c: frame.c });
          } else if (opens && stack.length <= MAX_DEPTH) {
            if (buffer) top().c.push(buffer);
            buffer = '';
            stack.push({ mark, c: [] });
          } else buffer += mark;
        }
      }
      i += n;
    } else {
      buffer += ch;
      i++;
    }
  }
  unwind(0);
  return root.c;
}

/** Where each run of backticks of a length closes, found in one pass over the text. */
function codeSpanIndex(text: string) {
  const runs = new Map<number, number[]>();
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '`') continue;
    let n = 1;
    while (text[i + n] === '`') n++;
    if (text[i - 1] !== '`') (runs.get(n) ?? runs.set(n, []).get(n)!).push(i);
    i += n - 1;
  }
  const cursor = new Map<number, number>();
  return {
    /** The start of the first run of exactly `n` backticks at or after `from`, or -1. */
    next(n: number, from: number): number {
      const list = runs.get(n) ?? [];
      let k = cursor.get(n) ?? 0;
      while (k < list.length && list[k]! < from) k++;
      cursor.set(n, k);
      return k < list.length ? list[k]! : -1;
    },
  };
}

/** A link's address is read at most this far. */
const URL_MAX = 2048;

/**
 * `[label](url)` links. At `start`: a link when the URL is allowed; otherwise how far the
 * construct goes, so it stays literal text as a whole; null when it is not one at all. The label
 * stops at a bracket or a line break; the URL at a space or the `)` that balances its own
 * parentheses. All the reading of addresses in one text shares a budget in proportion to its
 * length, so a text made of unfinished links is still read in linear time.
 */
function linkReader(text: string) {
  let budget = 4 * text.length + URL_MAX;
  return (start: number): { label: string; href: string; end: number } | { end: number } | null => {
    let close = start + 1;
    while (close < text.length && text[close] !== ']' && text[close] !== '[' && text[close] !== '\n') close++;
    if (text[close] !== ']' || text[close + 1] !== '(' || budget <= 0) return null;
    const from = close + 2;
    const limit = Math.min(text.length, from + URL_MAX, from + budget);
    let end = from;
    for (let depth = 0; end < limit && text.charCodeAt(end) > 32 && (text[end] !== ')' || depth--); end++) if (text[end] === '(') depth++;
    budget -= end - from;
    if (text[end] !== ')') return null;
    const href = safeUrl(text.slice(from, end));
    return href && close > start + 1 ? { label: text.slice(start + 1, close), href, end: end + 1 } : { end: end + 1 };
  };
}

function trimLink(raw: string): string {
  let link = raw.replace(TRAILING, '');
  // A closing parenthesis belongs to the link only when the link opened one: "(see https://x.y/a)".
  while (link.endsWith(')') && (link.match(/\(/g) ?? []).length < (link.match(/\)/g) ?? []).length) {
    link = link.slice(0, -1).replace(TRAILING, '');
  }
  return link;
}
