// The operator console's assets and the admin API it drives (reply, close, faults, echo bot,
// live stream), exercised over HTTP as the console and people use them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKitSimulator, type KitSimulator } from '../../../demo/kit-simulator/simulator';
import { CREDS, jwtFor, send, sendEvent, startReceiver, type Receiver } from './helpers';

let sim: KitSimulator;
let receiver: Receiver;

beforeEach(async () => {
  receiver = await startReceiver();
  sim = await createKitSimulator({ ...CREDS, callbackUrl: receiver.url, callbackRetry: { attempts: 1 } });
});
afterEach(async () => {
  await sim.close();
  await receiver.close();
});

const admin = (path: string, method = 'GET', json?: unknown) =>
  fetch(`${sim.url}/admin${path}`, {
    method,
    ...(json === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }),
  });

describe('console assets', () => {
  it('serves the console page with a strict CSP that allows no inline script or style', async () => {
    const response = await fetch(sim.consoleUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).toContain('<script type="module" src="console.js"></script>');
    expect(html).not.toMatch(/<script>|<style|style="/);
  });

  it('serves the console script and never renders data with innerHTML', async () => {
    const response = await fetch(`${sim.consoleUrl}console.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(await response.text()).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML/);
  });
});

describe('admin API', () => {
  beforeEach(async () => {
    await send(sim.url, await jwtFor(sim.url), sendEvent({ clientId: 'cust-5', name: 'Ivan Sokolov', text: 'Hello' }));
  });

  it('lists clients with their last message and unread count, and marks them read', async () => {
    const { clients } = await (await admin('/clients')).json();
    expect(clients).toEqual([expect.objectContaining({ clientId: 'cust-5', displayName: 'Ivan Sokolov', status: 'open', unread: 1 })]);
    expect((await admin('/clients/cust-5/read', 'POST', {})).status).toBe(204);
    expect((await (await admin('/clients')).json()).clients[0].unread).toBe(0);
    expect((await admin('/clients/nobody')).status).toBe(404);
  });

  it('sends an operator reply with an attachment to the callback URL', async () => {
    const response = await admin('/clients/cust-5/reply', 'POST', { text: 'Here you go', attachmentUrl: 'https://files.example.net/a/clip.mp4' });
    expect(response.status).toBe(202);
    await sim.callbacksIdle();
    expect(receiver.received[0]!.body.event_data.message).toMatchObject({
      text: 'Here you go',
      payload: [{ type: 'video', file_name: 'clip.mp4', file_url: 'https://files.example.net/a/clip.mp4' }],
    });
  });

  it('answers 400 for an empty reply and 409 for a reply to a closed conversation', async () => {
    expect((await admin('/clients/cust-5/reply', 'POST', { text: '  ' })).status).toBe(400);
    expect((await admin('/clients/cust-5/close', 'POST', { reason: 'CLOSED_BY_AGENT' })).status).toBe(202);
    expect((await admin('/clients/cust-5/reply', 'POST', { text: 'late' })).status).toBe(409);
    expect((await admin('/clients/cust-5/close', 'POST', { reason: 'CLOSED_BY_AGENT' })).status).toBe(409);
  });

  it('rejects an unknown close reason', async () => {
    const response = await admin('/clients/cust-5/close', 'POST', { reason: 'BECAUSE' });
    expect(response.status).toBe(400);
    expect(sim.conversation('cust-5')?.status).toBe('open');
  });

  it('switches faults and the echo bot, and refuses bad fault values', async () => {
    expect((await admin('/faults', 'POST', { sendStatus: 503, count: 1, duplicateCallbacks: true })).status).toBe(200);
    expect(sim.faults.current()).toMatchObject({ sendStatus: 503, sendStatusRemaining: 1, duplicateCallbacks: true });
    expect((await admin('/faults', 'POST', { latencyMs: -5 })).status).toBe(400);
    expect((await admin('/faults', 'DELETE')).status).toBe(200);
    expect(sim.faults.current()).toMatchObject({ sendStatus: null, duplicateCallbacks: false });
    expect((await admin('/echo-bot', 'POST', { enabled: true })).status).toBe(200);
    expect((await (await admin('/state')).json()).echoBot).toBe(true);
  });

  it('refuses mutating calls that are not JSON, so a cross-site form cannot drive it', async () => {
    const response = await fetch(`${sim.url}/admin/clients/cust-5/reply`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"text":"hi"}',
    });
    expect(response.status).toBe(415);
    expect(sim.conversation('cust-5')?.messages).toHaveLength(1);
  });

  it('streams a client event when a visitor message arrives', async () => {
    const controller = new AbortController();
    const response = await fetch(`${sim.url}/admin/stream`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    await send(sim.url, await jwtFor(sim.url), sendEvent({ clientId: 'cust-6' }));
    const expected = 'event: client\ndata: {"type":"client","clientId":"cust-6"}';
    while (!text.includes(expected)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain(expected);
    controller.abort();
  });
});
