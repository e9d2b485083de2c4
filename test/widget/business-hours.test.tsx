// Business hours in the widget: the header tells the team's availability (not the connection),
// "back when" in the visitor's language and time zone; while away, messages still go, and once
// the visitor has written, one email field they may skip.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../widget/ui/App';
import { formatWhen } from '../../widget/util/when';
import { createMemoryStore, type KeyValueStore } from '../../widget/util/storage';
import { createFakeTransport, failOnError, type FakeRelay, makeWidget } from './fakes';

/** Tomorrow at 09:00 on the visitor's clock. */
function tomorrowNine(): Date {
  const d = new Date();
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, 9, 0);
}

async function setup(relay: FakeRelay = createFakeTransport(), store: KeyValueStore = createMemoryStore()) {
  const made = makeWidget({ relay, store });
  made.widget.start();
  render(<App widget={made.widget} onError={failOnError} />);
  made.widget.panel.open();
  await screen.findByRole('dialog', { name: 'Acme Support' });
  await waitFor(() => expect(relay.streams).toHaveLength(1));
  return made;
}

function send(text: string) {
  const box = screen.getByRole('textbox', { name: /^(Message|Сообщение)$/ });
  fireEvent.input(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: 'Enter' });
}

const header = () => screen.getByRole('dialog').querySelector('header')!;

afterEach(() => cleanup());

describe('"back when"', () => {
  const at = (days: number, h: number, m = 0) => {
    const d = new Date(2026, 2, 10, 20, 15); // Tuesday evening, the visitor's clock
    return { now: d, iso: new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, h, m).toISOString() };
  };

  it('is a time today, "tomorrow" and a time, a weekday this week, a date later', () => {
    expect(formatWhen(at(0, 22, 30).iso, 'en', at(0, 0).now)).toMatch(/^10:30\sPM$/);
    expect(formatWhen(at(1, 9).iso, 'en', at(0, 0).now)).toMatch(/^tomorrow 9:00\sAM$/);
    expect(formatWhen(at(3, 9).iso, 'en', at(0, 0).now)).toMatch(/^Friday,? 9:00\sAM$/);
    expect(formatWhen(at(14, 9).iso, 'en', at(0, 0).now)).toMatch(/^March 24,? (at )?9:00\sAM$/);
  });

  it('speaks the visitor\'s language', () => {
    expect(formatWhen(at(1, 9).iso, 'de', at(0, 0).now)).toBe('morgen 9:00');
    expect(formatWhen(at(1, 9).iso, 'ru', at(0, 0).now)).toBe('завтра 9:00');
    expect(formatWhen(at(3, 9).iso, 'fr', at(0, 0).now)).toMatch(/^vendredi( à)? 0?9:00$/);
  });
});

describe('business hours in the panel', () => {
  it('says "Online" in the header while the team answers', async () => {
    await setup();
    expect(await within(header()).findByText('Online')).toBeTruthy();
  });

  it('says when the team is back while it is away, in the visitor\'s language, and still delivers messages', async () => {
    const relay = createFakeTransport();
    relay.setAvailability({ online: false, opensAt: tomorrowNine().toISOString() });
    const { widget } = await setup(relay);
    expect((await within(header()).findByText(/^Away · back /)).textContent).toMatch(/^Away · back tomorrow 9:00\sAM$/);
    expect(screen.getByRole('log').textContent).toMatch(/We are away right now and back tomorrow 9:00\sAM\. Leave a message/);
    send('Is the shop open on Sunday?');
    await waitFor(() => expect(relay.sent.map((m) => m.text)).toEqual(['Is the shop open on Sunday?']));
    widget.locale.set('ru');
    expect((await within(header()).findByText(/^Не в сети/)).textContent).toBe('Не в сети · вернёмся завтра 9:00');
  });

  it('asks for an email once the visitor has written, refuses a bad one next to the field, and sends a good one to the relay', async () => {
    const relay = createFakeTransport();
    relay.setAvailability({ online: false, opensAt: tomorrowNine().toISOString() });
    const { widget } = await setup(relay);
    expect(screen.queryByRole('textbox', { name: 'Email' })).toBeNull();
    send('Call me back please');
    const email = await screen.findByRole('textbox', { name: 'Email' });
    fireEvent.input(email, { target: { value: 'ivan@' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Enter an email address like name@example.com.')).toBeTruthy();
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')).toContain('kc-away-error');
    fireEvent.input(email, { target: { value: ' ivan@example.com ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Thanks! We will also reply to ivan@example.com.')).toBeTruthy();
    // The relay hears it at once, so Kit's client data has it with the next message.
    await waitFor(() => expect(relay.sessions.at(-1)?.body.profile).toEqual({ email: 'ivan@example.com' }));
    expect(widget.session.profile.value.email).toBe('ivan@example.com');
  });

  it('lets the visitor skip the email, and does not ask again on the next page', async () => {
    const relay = createFakeTransport();
    relay.setAvailability({ online: false });
    const store = createMemoryStore();
    await setup(relay, store);
    expect(screen.getByRole('log').textContent).toContain('We are away right now. Leave a message and we will answer as soon as we are back.');
    send('Hello?');
    await screen.findByRole('textbox', { name: 'Email' });
    fireEvent.click(screen.getByRole('button', { name: 'Skip' }));
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Email' })).toBeNull());
    cleanup();
    await setup(relay, store);
    expect(await within(header()).findByText('Away')).toBeTruthy();
    expect(screen.queryByRole('textbox', { name: 'Email' })).toBeNull();
  });

  it('does not ask for an email it already has', async () => {
    const relay = createFakeTransport();
    relay.setAvailability({ online: false });
    const made = makeWidget({ relay });
    made.widget.session.identify({ email: 'known@example.com' });
    made.widget.start();
    render(<App widget={made.widget} onError={failOnError} />);
    made.widget.panel.open();
    await screen.findByText(/We are away right now/);
    send('Hi');
    await waitFor(() => expect(relay.sent).toHaveLength(1));
    expect(screen.queryByRole('textbox', { name: 'Email' })).toBeNull();
  });

  it('looks again when the team is due back, and when the visitor opens the panel', async () => {
    const relay = createFakeTransport();
    relay.setAvailability({ online: false, opensAt: new Date(Date.now() + 300).toISOString() });
    const { widget } = await setup(relay);
    await within(header()).findByText(/^Away · back /);
    relay.setAvailability({ online: true });
    expect(await within(header()).findByText('Online', {}, { timeout: 3000 })).toBeTruthy();
    relay.setAvailability({ online: false });
    widget.panel.close();
    widget.panel.open();
    expect(await within(header()).findByText('Away')).toBeTruthy();
    expect(relay.transport.availability).toHaveBeenCalledTimes(2);
  });
});
