// The widget's side of signed identity and erasure: identify with userId and userHash (and
// data-user-id / data-user-hash) goes with every session start; a self-declared name never
// replaces a verified one; a verified visitor whose name and email are known gets no pre-chat
// form; "Delete this conversation" asks first, then erases on the relay and here; forget does
// the same from the page.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCommands } from '../../widget/commands';
import { COMMANDS } from '../../widget/public-api';
import { App } from '../../widget/ui/App';
import { createFakeTransport, makeWidget } from './fakes';

afterEach(cleanup);

const IDENTITY = { userId: 'user-42', userHash: 'a'.repeat(64) };

function verifiedRelay() {
  const relay = createFakeTransport();
  relay.transport.startSession.mockImplementation(async (body, token) => {
    relay.sessions.push({ body, token });
    return { visitorId: 'visitor-1', token: 'token-1', lastSeq: 0, limits: { textMaxChars: 100, uploadMaxBytes: 1000, uploadTypes: [] }, availability: { online: true }, ...(body.identity ? { verified: true } : {}) };
  });
  return relay;
}

describe('identify with a signed identity', () => {
  it('takes userId and userHash as text, and sends no identity for one without the other', async () => {
    expect(COMMANDS.identify({ ...IDENTITY, name: 'Ada' })).toBe(true);
    expect(COMMANDS.identify({ userId: 42, userHash: 'x' })).toBe(false);
    const relay = verifiedRelay();
    const { widget } = makeWidget({ relay });
    createCommands(widget).identify({ userId: 'user-42', name: 'Ada' });
    widget.start();
    await widget.session.ensure();
    expect(relay.sessions[0]!.body.identity).toBeUndefined();
    expect(relay.sessions[0]!.body.profile).toEqual({ name: 'Ada' });
  });

  it('sends the identity with every session start and keeps the verified name and email from self-declared ones', async () => {
    const relay = verifiedRelay();
    const { widget } = makeWidget({ relay });
    const commands = createCommands(widget);
    commands.identify({ ...IDENTITY, name: 'Ada Lovelace', email: 'ada@shop.example' });
    widget.start();
    await widget.session.ensure();
    expect(relay.sessions.at(-1)?.body).toMatchObject({ identity: IDENTITY, profile: { name: 'Ada Lovelace', email: 'ada@shop.example' } });
    expect(widget.session.verified.value).toBe(true);

    commands.identify({ name: 'Mallory', phone: '+44 20 0000' });
    await waitFor(() => expect(relay.sessions).toHaveLength(2));
    expect(relay.sessions[1]!.body).toMatchObject({ identity: IDENTITY, profile: { name: 'Ada Lovelace', email: 'ada@shop.example', phone: '+44 20 0000' } });
  });

  it('reads data-user-id and data-user-hash from the script tag', async () => {
    const relay = verifiedRelay();
    const { widget } = makeWidget({ relay, options: { data: { userId: IDENTITY.userId, userHash: IDENTITY.userHash } } });
    widget.start();
    await widget.session.ensure();
    expect(relay.sessions[0]!.body.identity).toEqual(IDENTITY);
  });

  it('asks a verified visitor whose name and email are known nothing before the first message', async () => {
    const relay = verifiedRelay();
    const { widget } = makeWidget({ relay, options: { data: { prechat: 'name*,email*,phone' } } });
    createCommands(widget).identify({ ...IDENTITY, name: 'Ada', email: 'ada@shop.example' });
    widget.start();
    render(<App widget={widget} onError={() => {}} />);
    widget.panel.open();
    await waitFor(() => expect(widget.session.verified.value).toBe(true));
    await widget.plugins.use('prechat');
    expect(screen.queryByRole('textbox', { name: /phone/i })).toBeNull();
    fireEvent.input(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(relay.sent.map((m) => m.text)).toEqual(['hello']));
  });
});

/** The relay's DELETE /v1/visitor, answered with `status`; the calls it got. */
function relayErases(status = 204) {
  const calls: { url: string; method?: string; authorization?: string }[] = [];
  vi.spyOn(window, 'fetch').mockImplementation(async (input, init) => {
    calls.push({ url: String(input), method: init?.method, authorization: (init?.headers as Record<string, string>)?.Authorization });
    return new Response(null, { status });
  });
  return calls;
}
const ERASED = [{ url: 'https://relay.test/v1/visitor', method: 'DELETE', authorization: 'Bearer token-1' }];

afterEach(() => vi.restoreAllMocks());

describe('"Delete this conversation"', () => {
  async function openMenu() {
    const relay = createFakeTransport();
    const { widget } = makeWidget({ relay });
    widget.start();
    render(<App widget={widget} onError={() => {}} />);
    widget.panel.open();
    await waitFor(() => expect(relay.streams).toHaveLength(1));
    relay.agentSays('Your order shipped');
    fireEvent.click(screen.getByRole('button', { name: 'More options' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Delete this conversation' }));
    const dialog = await screen.findByRole('alertdialog', { name: /Delete this conversation\?/ });
    return { relay, widget, dialog };
  }

  it('asks first, with Cancel focused, and Cancel erases nothing', async () => {
    const calls = relayErases();
    const { widget } = await openMenu();
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    await waitFor(() => expect(document.activeElement).toBe(cancel));
    fireEvent.click(cancel);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(calls).toEqual([]);
    expect(widget.conversation.items.value.map((i) => i.text)).toEqual(['Your order shipped']);
  });

  it('erases on the relay, then empties the conversation here', async () => {
    const calls = relayErases();
    const { widget } = await openMenu();
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(calls).toEqual(ERASED));
    await waitFor(() => expect(widget.conversation.items.value).toEqual([]));
    expect(widget.session.hasStored()).toBe(false);
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('says so and keeps everything when the relay cannot do it', async () => {
    relayErases(503);
    const { widget } = await openMenu();
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'Could not delete the conversation. Try again when you are online.');
    expect(widget.conversation.items.value).toHaveLength(1);
    expect(widget.session.hasStored()).toBe(true);
  });

  it('is in every language the widget ships', async () => {
    const locales = await Promise.all(['ru', 'de', 'es', 'fr', 'pt'].map((name) => import(`../../widget/i18n/${name}.ts`)));
    for (const [i, mod] of locales.entries()) {
      const strings = Object.values(mod)[0] as Record<string, unknown>;
      for (const key of ['forget', 'forgetConfirm', 'forgetYes', 'forgetNo', 'forgetFailed']) expect([i, key, typeof strings[key]]).toEqual([i, key, 'string']);
    }
  });
});

describe("KitChat('forget')", () => {
  it('erases the visitor on the relay and starts over here', async () => {
    const calls = relayErases();
    const { widget, relay } = makeWidget();
    widget.start();
    await widget.session.ensure();
    createCommands(widget).forget();
    await waitFor(() => expect(calls).toEqual(ERASED));
    await waitFor(() => expect(widget.session.hasStored()).toBe(false));
    expect(relay.sessions).toHaveLength(1);
  });

  it('calls nothing on the relay for a visitor that never started a chat', async () => {
    const calls = relayErases();
    const { widget, relay } = makeWidget();
    widget.start();
    createCommands(widget).forget();
    await widget.plugins.use('menu');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toEqual([]);
    expect(relay.sessions).toEqual([]);
  });
});
