// RELAY_RETENTION_DAYS with a retention of three seconds (a decimal number of days): the sweep
// erases a visitor idle that long and deletes an upload that old, while a visitor who was active
// meanwhile keeps its profile and history.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../app/harness';
import * as f from '../uploads/fixtures';

const RETENTION_MS = 3000;
const RETENTION_DAYS = String(RETENTION_MS / 86_400_000);
const sleepUntil = (at: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function upload(harness: Harness, token: string) {
  const res = await fetch(`${harness.url}/v1/uploads?name=photo.png`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: f.PNG });
  return new URL(((await res.json()) as { url: string }).url).pathname;
}

describe('retention', () => {
  it('erases an idle visitor and deletes an old upload, keeping a visitor that stayed active', async () => {
    h = await startHarness({ env: { RELAY_RETENTION_DAYS: RETENTION_DAYS } });
    expect(h.config.retentionMs).toBe(RETENTION_MS);
    const idle = await h.session({ profile: { name: 'Idle' } });
    await h.sendMessage(idle.token, { id: 'idle-1', text: 'hello' });
    const idleFile = await upload(h, idle.token);
    const active = await h.session({ profile: { name: 'Active' } });
    const oldFile = await upload(h, active.token);
    // Everything above happened before this instant.
    const start = Date.now();

    await sleepUntil(start + RETENTION_MS / 2);
    expect((await h.sendMessage(active.token, { id: 'active-1', text: 'still here' })).status).toBe(202);
    const newFile = await upload(h, active.token);

    await sleepUntil(start + RETENTION_MS + 100);
    const swept = await h.app.relay.sweepRetention();
    expect(swept).toEqual({ visitors: 1, uploads: 1 });

    expect(await h.store.getVisitor(idle.visitorId)).toBeUndefined();
    expect(await h.store.list(idle.visitorId, 0, 10)).toEqual([]);
    expect((await fetch(`${h.url}/v1/messages`, { headers: { authorization: `Bearer ${idle.token}` } })).status).toBe(401);
    expect((await fetch(h.url + idleFile)).status).toBe(404);

    expect(await h.store.getVisitor(active.visitorId)).toMatchObject({ profile: { name: 'Active' } });
    expect((await h.store.list(active.visitorId, 0, 10)).length).toBe(1);
    expect((await fetch(h.url + oldFile)).status).toBe(404);
    expect((await fetch(h.url + newFile)).status).toBe(200);
  });

  it('keeps everything with RELAY_RETENTION_DAYS=0', async () => {
    h = await startHarness({ env: { RELAY_RETENTION_DAYS: '0' } });
    await h.session();
    expect(await h.app.relay.sweepRetention()).toEqual({ visitors: 0, uploads: 0 });
  });
});
