import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentMessage, startHarness, type Harness } from '../app/harness';
import * as f from './fixtures';
import { local, upload } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

async function uploaded(token: string, bytes: Buffer, name: string) {
  return (await (await upload(h, token, bytes, { name })).json()) as { fileId: string; url: string; name: string; size: number; type: string };
}

describe('messages with attachments', () => {
  it('sends a message with only attachments to Kit as payload items whose file_url serves the same bytes', async () => {
    const { visitorId, token } = await h.session();
    const png = await uploaded(token, f.PNG, 'photo.png');
    const pdf = await uploaded(token, f.PDF, 'label.pdf');
    const res = await h.sendMessage(token, { id: 'with-files', attachments: [{ fileId: png.fileId }, { fileId: pdf.fileId }] });
    expect(res.status).toBe(202);

    const [entry] = await h.store.list(visitorId, 0, 10);
    expect(entry).toMatchObject({
      type: 'message',
      message: {
        id: 'with-files', from: 'visitor', status: 'accepted',
        attachments: [
          { kind: 'image', url: png.url, name: 'photo.png', size: f.PNG.length, type: 'image/png' },
          { kind: 'file', url: pdf.url, name: 'label.pdf', size: f.PDF.length, type: 'application/pdf' },
        ],
      },
    });
    // A message of files alone carries no text at all, not an empty string the widget would show.
    expect(entry).not.toHaveProperty('message.text');

    const [item] = await h.store.claim('test', Date.now() + 1000, 1000, 10);
    const message = item!.event.event_data.message;
    expect(message.text).toBeUndefined();
    expect(message.payload).toEqual([
      { type: 'photo', file_name: 'photo.png', file_url: `http://relay.test/files/${png.fileId}/photo.png` },
      { type: 'document', file_name: 'label.pdf', file_url: `http://relay.test/files/${pdf.fileId}/label.pdf` },
    ]);
    for (const [p, bytes] of [[message.payload![0], f.PNG], [message.payload![1], f.PDF]] as const) {
      const served = await fetch(local(h, (p as { file_url: string }).file_url));
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    }
  });

  it('percent-encodes the name in file_url', async () => {
    const { visitorId, token } = await h.session();
    const file = await uploaded(token, f.PDF, 'Счёт #5.pdf');
    await h.sendMessage(token, { id: 'm1', text: 'see attached', attachments: [{ fileId: file.fileId }] });
    const [item] = await h.store.claim('test', Date.now() + 1000, 1000, 10);
    expect(item!.event.event_data.message).toMatchObject({
      text: 'see attached',
      payload: [{ file_url: `http://relay.test/files/${file.fileId}/${encodeURIComponent('Счёт #5.pdf')}` }],
    });
    expect((await fetch(local(h, file.url))).status).toBe(200);
    expect(await h.store.lastSeq(visitorId)).toBe(1);
  });

  it("never lets a visitor attach another visitor's file, and answers as for an unknown id", async () => {
    const owner = await h.session();
    const other = await h.session();
    const file = await uploaded(owner.token, f.PNG, 'private.png');
    const stolen = await h.sendMessage(other.token, { id: 'steal', attachments: [{ fileId: file.fileId }] });
    const unknown = await h.sendMessage(other.token, { id: 'guess', attachments: [{ fileId: 'A'.repeat(24) }] });
    expect(stolen.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect((await stolen.json()).error).toEqual((await unknown.json()).error);
    expect(await h.store.outboxDepth()).toBe(0);
    expect(await h.store.lastSeq(other.visitorId)).toBe(0);
  });

  it('refuses more than 10 attachments', async () => {
    const { token } = await h.session();
    const file = await uploaded(token, f.PNG, 'a.png');
    const res = await h.sendMessage(token, { id: 'many', attachments: Array.from({ length: 11 }, () => ({ fileId: file.fileId })) });
    expect(res.status).toBe(400);
    expect(await h.store.outboxDepth()).toBe(0);
  });

  it('turns a Kit callback with file_url and one with url into attachments the widget sees, as links when they cannot be copied', async () => {
    const { visitorId } = await h.session();
    const res = await h.callback(agentMessage(visitorId, 'evt-files', 'Here you go', {
      payload: [
        { type: 'document', file_name: 'label.pdf', file_url: 'https://kit-files.example.net/label.pdf' },
        { type: 'photo', file_name: 'box.jpg', url: 'https://kit-files.example.net/box.jpg', file_size: 2048 },
      ],
    }));
    expect(res.status).toBe(200);
    await expect.poll(() => h.store.lastSeq(visitorId)).toBe(1);
    const [entry] = await h.store.list(visitorId, 0, 10);
    // The host does not exist, so the relay keeps no copy: the picture stays a link to its origin.
    expect(entry).toMatchObject({
      message: {
        from: 'agent',
        attachments: [
          { kind: 'file', url: 'https://kit-files.example.net/label.pdf', name: 'label.pdf' },
          { kind: 'file', url: 'https://kit-files.example.net/box.jpg', name: 'box.jpg', size: 2048 },
        ],
      },
    });
  });
});
