// The pre-chat form (data-prechat, data-privacy-url): asks what is not known yet before the first
// message, holds the message with an error next to each field at fault, lets optional fields be
// skipped, and gives the values to the relay before the message, for Kit's client data.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbedOptions } from '../../widget/loader/options';
import { parsePrechat } from '../../widget/state/prechat';
import { App } from '../../widget/ui/App';
import { createMemoryStore, type KeyValueStore } from '../../widget/util/storage';
import { createFakeTransport, failOnError, makeWidget } from './fakes';

const DATA = { prechat: 'name,email*,phone', privacyUrl: 'https://shop.example/privacy' };

async function setup(opts: { data?: EmbedOptions['data']; store?: KeyValueStore; before?: (w: ReturnType<typeof makeWidget>['widget']) => void } = {}) {
  const relay = createFakeTransport();
  const made = makeWidget({ relay, store: opts.store, options: { data: opts.data ?? DATA } });
  opts.before?.(made.widget);
  made.widget.start();
  render(<App widget={made.widget} onError={failOnError} />);
  made.widget.panel.open();
  await screen.findByRole('dialog', { name: 'Acme Support' });
  return { ...made, relay };
}

function send(text: string) {
  const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
  fireEvent.input(box, { target: { value: text } });
  fireEvent.keyDown(box, { key: 'Enter' });
  return box;
}

afterEach(() => cleanup());

describe('data-prechat', () => {
  it('reads the fields in order, * for required, ignoring unknown and repeated ones', () => {
    expect(parsePrechat(' name , email* ,phone,age*,email')).toEqual([
      { name: 'name', required: false },
      { name: 'email', required: true },
      { name: 'phone', required: false },
    ]);
    expect(parsePrechat('')).toEqual([]);
  });
});

describe('the pre-chat form', () => {
  it('asks for the fields with the consent line, and holds the message until the required one is filled in', async () => {
    const { relay } = await setup();
    const form = await screen.findByRole('form', { name: 'Before we start, please tell us a little about you.' });
    expect(within(form).getByRole('textbox', { name: 'Name (optional)' })).toBeTruthy();
    const email = within(form).getByRole('textbox', { name: 'Email' });
    expect(email.getAttribute('aria-required')).toBe('true');
    expect(within(form).getByRole('textbox', { name: 'Phone (optional)' })).toBeTruthy();
    const privacy = within(form).getByRole('link', { name: 'privacy policy' });
    expect(privacy.getAttribute('href')).toBe('https://shop.example/privacy');
    expect(form.textContent).toContain('By chatting with us you agree to our privacy policy.');

    const box = send('Where is my order?');
    const error = await within(form).findByText('Please fill this in.');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')).toBe(error.id);
    await waitFor(() => expect(document.activeElement).toBe(email));
    expect(box.value).toBe('Where is my order?');
    expect(relay.transport.sendMessage).not.toHaveBeenCalled();

    fireEvent.input(email, { target: { value: 'ivan@example' } });
    send('Where is my order?');
    expect(await within(form).findByText('Enter an email address like name@example.com.')).toBeTruthy();
    expect(relay.transport.sendMessage).not.toHaveBeenCalled();
  });

  it('sends the message once the fields are right, the values reaching the relay first, and then goes away', async () => {
    const { relay, widget } = await setup();
    const form = await screen.findByRole('form');
    fireEvent.input(within(form).getByRole('textbox', { name: 'Name (optional)' }), { target: { value: ' Ivan Sokolov ' } });
    fireEvent.input(within(form).getByRole('textbox', { name: 'Email' }), { target: { value: 'ivan@example.com' } });
    const phone = within(form).getByRole('textbox', { name: 'Phone (optional)' });
    fireEvent.input(phone, { target: { value: '12' } });
    send('Where is my order?');
    expect(await within(form).findByText('Enter a phone number with at least 5 digits.')).toBeTruthy();
    fireEvent.input(phone, { target: { value: '' } }); // optional: may stay empty
    send('Where is my order?');
    await waitFor(() => expect(relay.sent.map((m) => m.text)).toEqual(['Where is my order?']));
    const lastSession = relay.transport.startSession.mock.calls.at(-1)!;
    expect(lastSession[0].profile).toEqual({ name: 'Ivan Sokolov', email: 'ivan@example.com' });
    expect(relay.transport.startSession.mock.invocationCallOrder.at(-1)!).toBeLessThan(relay.transport.sendMessage.mock.invocationCallOrder[0]!);
    await waitFor(() => expect(screen.queryByRole('form')).toBeNull());
    expect(widget.session.profile.value).toEqual({ name: 'Ivan Sokolov', email: 'ivan@example.com' });
  });

  it('asks only what is not known, and nothing of a visitor who told everything', async () => {
    await setup({ before: (w) => void w.session.identify({ name: 'Ivan', email: 'ivan@example.com' }) });
    const form = await screen.findByRole('form');
    expect(within(form).getAllByRole('textbox').map((el) => el.getAttribute('name'))).toEqual(['phone']);
    cleanup();
    const { relay, widget } = await setup({ before: (w) => void w.session.identify({ name: 'Ivan', email: 'ivan@example.com', phone: '+1 555 0100' }) });
    await widget.plugins.use('prechat');
    send('Hello');
    await waitFor(() => expect(relay.sent).toHaveLength(1));
    expect(screen.queryByRole('form')).toBeNull();
  });

  it('remembers what was given, so the next page does not ask again', async () => {
    const store = createMemoryStore();
    const first = await setup({ store });
    fireEvent.input(within(await screen.findByRole('form')).getByRole('textbox', { name: 'Email' }), { target: { value: 'ivan@example.com' } });
    send('Hello');
    await waitFor(() => expect(first.relay.sent).toHaveLength(1));
    first.widget.dispose();
    cleanup();
    // A new page of the same visitor, before its history arrives: the profile is known.
    const second = makeWidget({ store, options: { data: DATA } });
    expect(second.widget.session.profile.value).toEqual({ email: 'ivan@example.com' });
  });

  it('shows no consent link for an address that is not http(s)', async () => {
    await setup({ data: { prechat: 'email*', privacyUrl: 'javascript:alert(1)' } });
    const form = await screen.findByRole('form');
    expect(within(form).queryByRole('link')).toBeNull();
  });
});
