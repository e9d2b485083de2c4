// A message's text as the rich plug-in draws it (plugins/rich.ts): the markdown subset for
// operators and bots, bare links only for the visitor's own words. Every piece of remote text
// becomes a text node; the only attributes set from it are the href of an allowed link.
import type { ComponentChildren } from 'preact';
import type { SlotProps } from '../plugins/types';
import { parseInline, parseMarkdown, type Block, type Inline } from '../util/markdown';

function inline(nodes: Inline[]): ComponentChildren {
  return nodes.map((n, i) =>
    typeof n === 'string' ? (
      n
    ) : n.t === 'code' ? (
      <code key={i}>{n.text}</code>
    ) : n.t === 'a' ? (
      <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">
        {inline(n.c)}
      </a>
    ) : n.t === 'b' ? (
      <strong key={i}>{inline(n.c)}</strong>
    ) : (
      <em key={i}>{inline(n.c)}</em>
    ),
  );
}

function block(b: Block, i: number) {
  if (b.t === 'pre') return <pre key={i}><code>{b.text}</code></pre>;
  if (b.t === 'p') return <p key={i}>{inline(b.c)}</p>;
  const items = b.items.map((c, k) => <li key={k}>{inline(c)}</li>);
  return b.t === 'ul' ? <ul key={i}>{items}</ul> : <ol key={i} start={b.start}>{items}</ol>;
}

export function Markdown({ item }: SlotProps<void, 'text'>) {
  const text = item.text ?? '';
  return item.from === 'visitor' ? (
    <span class="kc-text" dir="auto">
      {inline(parseInline(text, true, true))}
    </span>
  ) : (
    <div class="kc-text kc-md" dir="auto">
      {parseMarkdown(text).map(block)}
    </div>
  );
}
