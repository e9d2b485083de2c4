// How a conversation reads: the greeting opens it under the day divider and stays the same
// from page to page; a run of messages from one sender has the name by its first message and
// the avatar by its last.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../widget/ui/App';
import { createMemoryStore } from '../../widget/util/storage';
import { createFakeTransport, makeWidget } from './fakes';

const HOME = 'Hi! Questions about beans or your order?';
const SHOP = 'Need help choosing a roast?';

/** One page of the site with its own data-greeting, over the storage and relay the pages share. */
async function page(shared: { store: ReturnType<typeof createMemoryStore>; relay: ReturnType<typeof createFakeTransport> }, greeting?: string) {
  cleanup();
  const made = makeWidget({ ...shared, options: { greeting } });
  made.widget.start();
  render(<App widget={made.widget} onError={() => {}} />);
  made.widget.panel.open();
  await screen.findByRole('log');
  return made;
}

const log = () => screen.getByRole('log');
/** The texts of the log's day dividers and bubbles, in reading order. */
const reading = () => Array.from(log().querySelectorAll('.kc-day, .kc-bubble')).map((el) => el.textContent);

afterEach(() => cleanup());

describe('the greeting', () => {
  it('sits under the day divider, before the first message', async () => {
    const shared = { store: createMemoryStore(), relay: createFakeTransport() };
    await page(shared, HOME);
    expect(reading()).toEqual(['Today', HOME]);
    fireEvent.input(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'Do you grind beans?' } });
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Message' }), { key: 'Enter' });
    await within(log()).findByText('Do you grind beans?');
    expect(reading()).toEqual(['Today', HOME, 'You: Do you grind beans?']);
  });

  it('stays the one of the page the conversation began on, and a new conversation takes the page\'s own', async () => {
    const shared = { store: createMemoryStore(), relay: createFakeTransport() };
    // Before anything is written, each page shows its own greeting.
    await page(shared, SHOP);
    expect(reading()).toEqual(['Today', SHOP]);
    await page(shared, HOME);
    fireEvent.input(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'Hello' } });
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Message' }), { key: 'Enter' });
    await within(log()).findByText('Hello');

    await page(shared, SHOP);
    expect(within(log()).getByText(HOME)).toBeTruthy();
    expect(within(log()).queryByText(SHOP)).toBeNull();
    // A page without a greeting of its own keeps it too.
    await page(shared);
    expect(within(log()).getByText(HOME)).toBeTruthy();

    (await page(shared, SHOP)).widget.reset();
    expect(await within(log()).findByText(SHOP)).toBeTruthy();
  });
});

describe('a run of messages from one sender', () => {
  it('has the name by its first message and the avatar, with the initials, by its last', async () => {
    const shared = { store: createMemoryStore(), relay: createFakeTransport() };
    const { relay } = await page(shared, HOME);
    fireEvent.input(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'Which roast for espresso?' } });
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Message' }), { key: 'Enter' });
    await within(log()).findByText('Sent');
    relay.agentSays('Hi! I am Anna.');
    relay.agentSays('For espresso, our House Espresso.');
    relay.agentSays('It is roasted on Mondays.');
    await within(log()).findByText('It is roasted on Mondays.');

    const row = (text: string) => within(log()).getByText(text).closest('.kc-msg')!;
    expect(within(log()).getAllByText('Anna Petrova', { selector: '.kc-msg__name' })).toHaveLength(1);
    expect(row('Hi! I am Anna.').querySelector('.kc-msg__name')?.textContent).toBe('Anna Petrova');
    const avatars = Array.from(log().querySelectorAll('.kc-avatar')).map((a) => a.closest('.kc-msg'));
    // The greeting's own avatar (the site's), then one for the run: by its last message.
    expect(avatars).toEqual([log().querySelector('.kc-greeting'), row('It is roasted on Mondays.')]);
    expect(row('It is roasted on Mondays.').querySelector('.kc-avatar')!.textContent).toBe('AP');
  });
});
