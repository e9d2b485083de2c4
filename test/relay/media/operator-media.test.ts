// Operator media through the relay: a callback's attachments and avatar are copied into the
// relay's file store and the mailbox entry points there; what cannot be copied keeps its link,
// as a link, and an avatar that cannot be copied is left out.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessageEntry } from '../../../protocol/relay-api';
import { agentMessage, startHarness, type Harness } from '../app/harness';
import { png } from '../../helpers/png';

const photo = png(30, 20, [200, 100, 50]);
const face = png(16, 16, [20, 90, 200]);
let h: Harness | undefined;
let media: Server | undefined;
afterEach(async () => {
  await h?.close();
  media?.close();
  h = media = undefined;
});

/** A file host on this machine (another origin): pictures, an SVG and a page. */
async function mediaHost(): Promise<string> {
  media = createServer((req, res) => {
    if (req.url === '/face.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(face);
    if (req.url === '/label.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(photo);
    if (req.url === '/trick.png') return res.writeHead(200, { 'content-type': 'image/png' }).end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => media!.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(media.address() as AddressInfo).port}`;
}

async function reply(harness: Harness, visitorId: string, eventId: string, host: string, items: { type: string; file_url: string; file_name?: string }[]) {
  const event = agentMessage(visitorId, eventId, 'Here it is', { payload: items });
  (event.event_data.sender_data as Record<string, unknown>).sender_avatar = `http://${host}/face.png`;
  expect((await harness.callback(event)).status).toBe(200);
  const entries = await harness.store.list(visitorId, 0, 100);
  return (entries.filter((e) => e.type === 'message').at(-1) as MessageEntry).message;
}

const bytesOf = async (url: string) => Buffer.from(await (await fetch(url)).arrayBuffer());

describe('operator media through the relay', () => {
  it('copies the attachment and the avatar into the file store, and the entry points at the relay', async () => {
    const host = await mediaHost();
    h = await startHarness({ env: { RELAY_MEDIA_ALLOWED_HOSTS: host } });
    const { visitorId } = await h.session();
    const message = await reply(h, visitorId, 'ev-media-1', host, [{ type: 'photo', file_url: `http://${host}/label.png`, file_name: 'label.png' }]);
    const [attachment] = message.attachments!;
    expect(attachment).toMatchObject({ kind: 'image', name: 'label.png' });
    expect(attachment!.url!.startsWith(`${h.config.publicUrl}/files/`)).toBe(true);
    expect(message.sender?.avatarUrl?.startsWith(`${h.config.publicUrl}/files/`)).toBe(true);
    expect((await bytesOf(attachment!.url!.replace(h.config.publicUrl, h.url))).equals(photo)).toBe(true);
    expect((await bytesOf(message.sender!.avatarUrl!.replace(h.config.publicUrl, h.url))).equals(face)).toBe(true);

    // The next message of the same operator reuses the avatar's copy.
    const again = await reply(h, visitorId, 'ev-media-2', host, [{ type: 'photo', file_url: `http://${host}/label.png` }]);
    expect(again.sender?.avatarUrl).toBe(message.sender?.avatarUrl);
  });

  it('keeps the original link, as a link, when the host is on this machine and not allowed, and leaves the avatar out', async () => {
    const host = await mediaHost();
    h = await startHarness();
    const { visitorId } = await h.session();
    const message = await reply(h, visitorId, 'ev-media-3', host, [{ type: 'photo', file_url: `http://${host}/label.png`, file_name: 'label.png' }]);
    expect(message.attachments).toEqual([{ kind: 'file', url: `http://${host}/label.png`, name: 'label.png' }]);
    expect(message.sender).toEqual({ name: 'Anna Petrova' });
  });

  it('refuses markup dressed up as a picture (type sniffed from the bytes), keeping the link', async () => {
    const host = await mediaHost();
    h = await startHarness({ env: { RELAY_MEDIA_ALLOWED_HOSTS: host } });
    const { visitorId } = await h.session();
    const message = await reply(h, visitorId, 'ev-media-4', host, [
      { type: 'photo', file_url: `http://${host}/trick.png` },
      { type: 'photo', file_url: `http://${host}/missing.png` },
    ]);
    expect(message.attachments).toEqual([
      { kind: 'file', url: `http://${host}/trick.png` },
      { kind: 'file', url: `http://${host}/missing.png` },
    ]);
  });
});
