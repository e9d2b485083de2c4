// Attachments through the simulator: operator uploads served from its own origin and sent as
// callbacks with file_url, and visitor files from the relay accepted as Kit payload items.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKitSimulator, type KitSimulator } from '../../../demo/kit-simulator/simulator';
import { TEST_SECRETS } from '../../helpers/test-config';
import { startHarness, type Harness } from '../../relay/app/harness';
import { PDF, PNG, SVG } from '../../relay/uploads/fixtures';
import { local, upload } from '../../relay/uploads/helpers';
import { CREDS, login, send, sendEvent, startReceiver, type Receiver } from './helpers';

let sim: KitSimulator;
let receiver: Receiver;

const operatorUpload = (bytes: Buffer, name?: string) =>
  fetch(`${sim.url}/admin/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(name === undefined ? {} : { 'x-file-name': encodeURIComponent(name) }) },
    body: new Uint8Array(bytes),
  });
const reply = (clientId: string, json: unknown) =>
  fetch(`${sim.url}/admin/clients/${clientId}/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });

describe('operator uploads', () => {
  beforeEach(async () => {
    receiver = await startReceiver();
    sim = await createKitSimulator({ ...CREDS, callbackUrl: receiver.url, callbackRetry: { attempts: 1 } });
    const jwt = (await login(sim.url, { token: CREDS.apiToken })).body.result.access_token as string;
    await send(sim.url, jwt, sendEvent({ clientId: 'cust-9', text: 'Can you send the label?' }));
  });
  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });

  it('sends an uploaded PDF and image back as payload items whose file_url serves the same bytes', async () => {
    const pdf = await (await operatorUpload(PDF, 'Этикетка 5531.pdf')).json();
    const png = await (await operatorUpload(PNG, 'box.png')).json();
    expect(pdf).toMatchObject({ name: 'Этикетка 5531.pdf', type: 'application/pdf', url: expect.stringMatching(new RegExp(`^${sim.url}/files/`)) });

    expect((await reply('cust-9', { text: 'Here is the label', fileId: pdf.fileId })).status).toBe(202);
    expect((await reply('cust-9', { fileId: png.fileId })).status).toBe(202);
    await sim.callbacksIdle();

    const payloads = receiver.received.map((r) => r.body.event_data.message.payload);
    expect(payloads).toEqual([
      [{ type: 'document', file_name: 'Этикетка 5531.pdf', file_url: pdf.url }],
      [{ type: 'photo', file_name: 'box.png', file_url: png.url }],
    ]);
    const served = await fetch(pdf.url);
    expect(Buffer.from(await served.arrayBuffer()).equals(PDF)).toBe(true);
    expect(Object.fromEntries(served.headers)).toMatchObject({
      'content-type': 'application/pdf',
      'content-security-policy': "default-src 'none'; sandbox",
      'x-content-type-options': 'nosniff',
    });
    expect(Buffer.from(await (await fetch(png.url)).arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('refuses an upload without X-File-Name, a script-bearing SVG, and an unknown file id', async () => {
    expect((await operatorUpload(PNG)).status).toBe(400);
    expect((await operatorUpload(SVG, 'logo.svg')).status).toBe(415);
    expect((await reply('cust-9', { fileId: 'nope' })).status).toBe(404);
    expect(receiver.received).toEqual([]);
  });

  it('serves console thumbnails from any http(s) origin and previews of picked files, but still no inline script', async () => {
    const csp = (await fetch(sim.consoleUrl)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("img-src 'self' blob: http: https:");
    expect(csp).toContain("script-src 'self'");
  });
});

describe('relay and simulator together', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    // Same channel secrets as the relay's test config, so its callbacks verify.
    sim = await createKitSimulator({
      ...CREDS, apiToken: TEST_SECRETS.KIT_API_TOKEN, salt: TEST_SECRETS.KIT_CALLBACK_SALT,
      callbackUrl: `${h.url}/kit/callback`, callbackRetry: { attempts: 1 },
    });
  });
  afterEach(async () => {
    await sim.close();
    await h.close();
  });

  it('carries a visitor file to the operator and an operator file back to the visitor mailbox', async () => {
    const { visitorId, token } = await h.session();
    const file = await (await upload(h, token, PNG, { name: 'broken-box.png' })).json();
    expect((await h.sendMessage(token, { id: 'photo-only', attachments: [{ fileId: file.fileId }] })).status).toBe(202);

    // Deliver the outbox event the relay built, as its worker would.
    const [item] = await h.store.claim('test', Date.now() + 1000, 1000, 1);
    const jwt = (await login(sim.url, { token: TEST_SECRETS.KIT_API_TOKEN })).body.result.access_token as string;
    expect((await send(sim.url, jwt, item!.event)).status).toBe(200);
    const [seen] = sim.conversation(visitorId)!.messages;
    expect(seen?.payload).toEqual([{ type: 'photo', file_name: 'broken-box.png', file_url: file.url }]);
    const fetched = await fetch(local(h, (seen!.payload[0] as { file_url: string }).file_url));
    expect(Buffer.from(await fetched.arrayBuffer()).equals(PNG)).toBe(true);

    const pdf = await (await operatorUpload(PDF, 'refund.pdf')).json();
    expect((await reply(visitorId, { text: 'Refund form attached', fileId: pdf.fileId })).status).toBe(202);
    await sim.callbacksIdle();
    await expect.poll(() => h.store.lastSeq(visitorId)).toBe(2);
    const [, agent] = await h.store.list(visitorId, 0, 10);
    expect(agent).toMatchObject({ message: { from: 'agent', text: 'Refund form attached', attachments: [{ kind: 'file', url: pdf.url, name: 'refund.pdf' }] } });
  });
});
