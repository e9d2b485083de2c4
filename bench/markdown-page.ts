// Runs inside Chromium for `npm run bench:markdown`: parses and draws messages with the widget's
// own markdown reader and component, and times each step.
import { h, render } from 'preact';
import { Markdown } from '../widget/ui/Markdown';
import { parseMarkdown } from '../widget/util/markdown';
import type { ChatItem } from '../widget/state/history';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

(window as unknown as { benchMarkdown: unknown }).benchMarkdown = (text: string, rounds: number) => {
  const host = document.getElementById('bubble')!;
  const parse: number[] = [];
  const draw: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // A new string each round, as each message is: no cache can help.
    const message = `${text.slice(0, -1)}${String.fromCharCode(97 + (i % 26))}`;
    let t = performance.now();
    parseMarkdown(message);
    parse.push(performance.now() - t);
    const item: ChatItem = { id: `m${i}`, from: 'agent', text: message, createdAt: new Date().toISOString() };
    render(null, host);
    t = performance.now();
    render(h(Markdown, { item, model: undefined, locale: 'en', strings: {} as never }), host);
    void host.offsetHeight; // layout included: what the visitor waits for
    draw.push(performance.now() - t);
  }
  return { parse: [median(parse), p95(parse)], draw: [median(draw), p95(draw)], nodes: host.querySelectorAll('*').length };
};
