// The safe markdown subset of operator and bot text: what each construct becomes, which links
// survive, and that hostile shapes stay literal text (the browser test shows none of it runs).
import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, type Block, type Inline } from '../../widget/util/markdown';

const p = (...c: Inline[]): Block => ({ t: 'p', c });
const text = (nodes: Inline[]): string => nodes.map((n) => (typeof n === 'string' ? n : 'text' in n ? n.text : text(n.c))).join('');
const hrefs = (blocks: Block[]): string[] => {
  const found: string[] = [];
  const walk = (nodes: Inline[]) => nodes.forEach((n) => typeof n !== 'string' && 'c' in n && (n.t === 'a' && found.push(n.href), walk(n.c)));
  for (const b of blocks) (b.t === 'p' ? [b.c] : b.t === 'pre' ? [] : b.items).forEach(walk);
  return found;
};

describe('markdown', () => {
  it('reads bold, italic, both, inline code and escapes', () => {
    expect(parseMarkdown('**bold**, *italic*, _also_, __bold too__, ***both*** and `a < b`')).toEqual([
      p({ t: 'b', c: ['bold'] }, ', ', { t: 'i', c: ['italic'] }, ', ', { t: 'i', c: ['also'] }, ', ', { t: 'b', c: ['bold too'] }, ', ',
        { t: 'b', c: [{ t: 'i', c: ['both'] }] }, ' and ', { t: 'code', text: 'a < b' }),
    ]);
    expect(parseMarkdown('\\*not italic\\* and `` a ` tick ``')).toEqual([p('*not italic* and ', { t: 'code', text: 'a ` tick' })]);
  });

  it('leaves snake_case, lone asterisks and unpaired delimiters as they were written', () => {
    for (const plain of ['snake_case_name', '2 * 3 * 4', 'a ** b', '**unclosed bold', 'file_*name*_x'.replace(/\*/g, '')]) {
      const [block] = parseMarkdown(plain);
      expect(block!.t).toBe('p');
      expect(text((block as { c: Inline[] }).c)).toBe(plain);
    }
  });

  it('keeps line breaks inside a paragraph and splits paragraphs on blank lines', () => {
    expect(parseMarkdown('Line one\nLine two\n\nNext paragraph')).toEqual([p('Line one\nLine two'), p('Next paragraph')]);
  });

  it('reads bullet and numbered lists, also with blank lines between items and a line that continues an item', () => {
    expect(parseMarkdown('Steps:\n1. Open *Orders*\n2. Pick one\n   then press Return\n\n3. Done\n- a\n* b\n+ c')).toEqual([
      p('Steps:'),
      { t: 'ol', start: 1, items: [['Open ', { t: 'i', c: ['Orders'] }], ['Pick one\nthen press Return'], ['Done']] },
      { t: 'ul', items: [['a'], ['b'], ['c']] },
    ]);
    expect(parseMarkdown('3) third\n4) fourth')).toEqual([{ t: 'ol', start: 3, items: [['third'], ['fourth']] }]);
  });

  it('reads fenced code blocks literally, and an unclosed fence to the end of the message', () => {
    expect(parseMarkdown('Try:\n```js\nconst x = **not bold** < 2;\n```\nafter')).toEqual([p('Try:'), { t: 'pre', text: 'const x = **not bold** < 2;' }, p('after')]);
    expect(parseMarkdown('~~~\n[x](https://a.b)\n<script>')).toEqual([{ t: 'pre', text: '[x](https://a.b)\n<script>' }]);
  });

  it('makes links of http, https, mailto and tel only, written or bare', () => {
    const blocks = parseMarkdown('[Docs](https://docs.example/a_(b)) [mail](mailto:help@example.com) [call](tel:+15550100) http://plain.example/x_y. (see https://example.com/z)');
    expect(hrefs(blocks)).toEqual(['https://docs.example/a_(b)', 'mailto:help@example.com', 'tel:+15550100', 'http://plain.example/x_y', 'https://example.com/z']);
    expect(parseInline('go to https://example.com.')).toEqual(['go to ', { t: 'a', href: 'https://example.com/', c: ['https://example.com'] }, '.']);
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x]( javascript:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](%6Aavascript:alert(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](vbscript:msgbox(1))',
    '[x](//evil.example)',
    '[x](file:///etc/passwd)',
    '[*x*](javascript:alert(1))',
    'javascript:alert(1)',
    '<a href="javascript:alert(1)">x</a>',
  ])('keeps %j as text, with no link', (hostile) => {
    const blocks = parseMarkdown(hostile);
    expect(hrefs(blocks)).toEqual([]);
    expect(blocks.map((b) => (b.t === 'p' ? text(b.c) : '')).join('')).toBe(hostile);
  });

  it('reads hostile shapes in one pass: 10,000 asterisks, deep nesting, brackets and backticks stay text', () => {
    const asterisks = '*'.repeat(10_000);
    expect(parseMarkdown(asterisks)).toEqual([p(asterisks)]);
    const nested = `${'*a **b '.repeat(500)}x${' c** d*'.repeat(500)}`;
    const [block] = parseMarkdown(nested);
    expect(text((block as { c: Inline[] }).c).replace(/[*]/g, '')).toBe(nested.replace(/[*]/g, ''));
    for (const hostile of ['['.repeat(5000), `${'[a]('.repeat(2000)}`, `x${'`'.repeat(3333)}`, '_'.repeat(9999), `${'[x](https://a.b/'.repeat(300)}`]) {
      const blocks = parseMarkdown(hostile);
      expect(blocks.map((b) => (b.t === 'p' ? text(b.c) : b.t === 'pre' ? b.text : '')).join('')).toBe(hostile);
    }
  });

  it('reads only bare links in the visitor\'s own text, never emphasis', () => {
    expect(parseInline('**not bold** see https://example.com/_x_/y', true, true)).toEqual([
      '**not bold** see ',
      { t: 'a', href: 'https://example.com/_x_/y', c: ['https://example.com/_x_/y'] },
    ]);
  });
});
