// Operator and bot text in the panel: the markdown subset as elements, links only to allowed
// addresses, the visitor's own text plain with its links.
import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../widget/ui/App';
import { failOnError, makeWidget } from './fakes';

async function setup() {
  const made = makeWidget();
  made.widget.start();
  render(<App widget={made.widget} onError={failOnError} />);
  made.widget.panel.open();
  await waitFor(() => expect(made.relay.streams).toHaveLength(1));
  return made;
}

const bubbleOf = (text: string | RegExp) => screen.getByText(text).closest('.kc-bubble') as HTMLElement;

afterEach(() => cleanup());

describe('rich text', () => {
  it('draws an operator\'s markdown: bold, italic, code, a code block, lists and links', async () => {
    const { relay } = await setup();
    relay.agentSays('Your order **#1042** has *shipped*.\nTrack it with `TRK-55`:\n\n1. Open [the tracker](https://track.example/TRK-55)\n2. Call tel:+15550100\n\n- fast\n- free\n\n```\ncurl https://api.example/orders/1042\n```');
    const strong = await screen.findByText('#1042');
    expect(strong.tagName).toBe('STRONG');
    const bubble = strong.closest('.kc-bubble') as HTMLElement;
    expect(within(bubble).getByText('shipped').tagName).toBe('EM');
    expect(within(bubble).getByText('TRK-55').tagName).toBe('CODE');
    expect(bubble.querySelector('ol')!.getAttribute('start')).toBe('1');
    expect([...bubble.querySelectorAll('ol > li')].map((li) => li.textContent)).toEqual(['Open the tracker', 'Call tel:+15550100']);
    expect([...bubble.querySelectorAll('ul > li')].map((li) => li.textContent)).toEqual(['fast', 'free']);
    expect(bubble.querySelector('pre > code')!.textContent).toBe('curl https://api.example/orders/1042');
    expect(bubble.querySelector('pre a')).toBeNull(); // code is code
    const links = within(bubble).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target')])).toEqual([
      ['the tracker', 'https://track.example/TRK-55', 'noopener noreferrer', '_blank'],
      ['tel:+15550100', 'tel:+15550100', 'noopener noreferrer', '_blank'],
    ]);
  });

  it('keeps the visitor\'s own text plain, with its links', async () => {
    const { widget } = await setup();
    widget.conversation.send('**not bold** see https://shop.example/cart and `not code`');
    await waitFor(() => expect(screen.getByRole('link').getAttribute('href')).toBe('https://shop.example/cart'));
    const bubble = bubbleOf(/not bold/);
    expect(bubble.querySelector('strong, em, code')).toBeNull();
    expect(bubble.textContent).toContain('**not bold** see https://shop.example/cart and `not code`');
  });

  it('never makes a link of another scheme, however it is spelled', async () => {
    const { relay } = await setup();
    relay.agentSays('[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html,x) [d](vbscript:x) <a href="javascript:alert(1)">e</a>');
    await waitFor(() => expect(screen.getByText(/\[a\]\(javascript/)).toBeTruthy());
    expect(screen.queryAllByRole('link')).toEqual([]);
  });
});
