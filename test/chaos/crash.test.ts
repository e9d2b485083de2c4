// kill -9 of a relay process while its outbox holds messages Kit has refused and Kit's
// replies are arriving: the relay restarted on the same data dir loses and repeats nothing,
// and a stream resumed with Last-Event-ID carries on with no gap.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKitSimulator, type KitSimulator } from '../../demo/kit-simulator/simulator';
import type { MailboxEntry } from '../../protocol/relay-api';
import { FAST_RELAY_ENV, STACK_KIT } from '../helpers/relay-stack';
import { TEST_SECRETS, testEnv } from '../helpers/test-config';
import { readUntil, startVisitor, type Visitor } from '../integration/visitor';
import { printFigures, sleep } from './figures';
import { createSecretWatch } from './secret-watch';
import { spawnRelay, type RelayProcess } from './spawn-relay';

const VISITORS = 5;
const MESSAGES_EACH = 10;
const REPLIES_EACH = 8;

let sim: KitSimulator | undefined;
let uninstall: (() => void) | undefined;
const relays: RelayProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  uninstall?.();
  await Promise.all(relays.splice(0).map((r) => r.kill()));
  await sim?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('relay killed with SIGKILL', () => {
  it('delivers every accepted message and every acknowledged reply exactly once after a restart, with gap-free streams', async () => {
    const watch = createSecretWatch();
    uninstall = watch.install(() => sim?.url);
    sim = await createKitSimulator({
      account: STACK_KIT.account, apiToken: TEST_SECRETS.KIT_API_TOKEN, channelUuid: STACK_KIT.channelUuid,
      salt: TEST_SECRETS.KIT_CALLBACK_SALT, callbackRetry: { attempts: 10, baseDelayMs: 100, timeoutMs: 2_000 },
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-crash-'));
    dirs.push(dataDir);
    const base = testEnv();
    dirs.push(base.RELAY_DATA_DIR!);
    const env = {
      ...base, ...FAST_RELAY_ENV, LOG_LEVEL: 'info',
      KIT_ACCOUNT: STACK_KIT.account, KIT_CHANNEL_UUID: STACK_KIT.channelUuid, KIT_API_URL: sim.url,
      RELAY_HOST: '127.0.0.1', RELAY_PORT: '0', RELAY_DATA_DIR: dataDir,
    };
    const first = await spawnRelay(env);
    relays.push(first);
    sim.setCallbackUrl(`${first.url}/kit/callback`);
    await expect.poll(() => sim!.stats().logins, { timeout: 10_000 }).toBe(1);

    const visitors: Visitor[] = await Promise.all(Array.from({ length: VISITORS }, () => startVisitor(first.url)));
    const before = new Map<string, MailboxEntry[]>(visitors.map((v) => [v.visitorId, []]));
    const streams = await Promise.all(visitors.map((v) => v.stream()));
    const reading = streams.map(async (s, n) => {
      try {
        for (;;) before.get(visitors[n]!.visitorId)!.push(await s.entry(30_000));
      } catch {
        /* the stream ends when the relay dies */
      }
    });

    // Kit knows a visitor (and can reply) once one message got through.
    const accepted: string[][] = visitors.map(() => []);
    for (const [n, v] of visitors.entries()) {
      expect((await v.send(`crash-v${n}-hello`, 'Hello')).status).toBe(202);
      accepted[n]!.push(`crash-v${n}-hello`);
    }
    await expect.poll(() => visitors.every((v) => sim!.conversation(v.visitorId) !== undefined)).toBe(true);
    sim.faults.set({ sendStatus: 503 });
    const replies = visitors.map((v) =>
      Array.from({ length: REPLIES_EACH }, async (_, i) => {
        await sleep(i * 150);
        return sim!.reply(v.visitorId, { text: `reply ${i}` });
      }),
    );
    for (let i = 0; i < MESSAGES_EACH; i++) {
      await Promise.all(visitors.map(async (v, n) => {
        const id = `crash-v${n}-m${i}`;
        if ((await v.send(id, `message ${i}`)).status === 202) accepted[n]!.push(id);
      }));
      if (i === MESSAGES_EACH / 2) await sleep(300);
    }
    await sleep(300); // replies are still being delivered when the relay dies
    await first.kill();
    const killedAt = Date.now();
    await Promise.all(reading);
    expect(sim.stats().sends).toBe(VISITORS); // only the hellos got through

    // The new process listens on a port of its own (port 0: never a port picked and released
    // beforehand); Kit's callbacks follow it, as they would follow a relay behind one address.
    const second = await spawnRelay(env);
    relays.push(second);
    void sim.setCallbackUrl(`${second.url}/kit/callback`);
    const downMs = Date.now() - killedAt;
    sim.faults.clear();
    const outcomes = (await Promise.all(replies.map((r) => Promise.all(r))));
    await sim.callbacksIdle();

    let gaps = 0;
    let repeats = 0;
    let missingReplies = 0;
    for (const [n, v] of visitors.entries()) {
      const seen = before.get(v.visitorId)!;
      const lastSeq = seen.at(-1)?.seq ?? 0;
      const resumed = await v.stream({ relayUrl: second.url, lastEventId: lastSeq });
      const delivered = outcomes[n]!.filter((o) => o.delivered).map((o) => o.messageId);
      const sentIds = new Set(seen.flatMap((e) => (e.type === 'status' ? [e.id] : [])));
      const replyIds = new Set(seen.flatMap((e) => (e.type === 'message' && e.message.from === 'agent' ? [e.message.id] : [])));
      const done = () => accepted[n]!.every((id) => sentIds.has(id)) && delivered.every((id) => replyIds.has(id));
      const after = done() ? [] : await readUntil(resumed, (e) => {
        if (e.type === 'status') sentIds.add(e.id);
        if (e.type === 'message' && e.message.from === 'agent') replyIds.add(e.message.id);
        return done();
      }, 20_000);
      await resumed.cancel();
      const seqs = [...seen, ...after].map((e) => e.seq);
      gaps += seqs.filter((s, i) => s !== i + 1).length;

      const mailbox = await v.mailbox(second.url);
      watch.addResponse(JSON.stringify(mailbox));
      expect(mailbox.map((e) => e.seq)).toEqual(Array.from({ length: mailbox.length }, (_, i) => i + 1));
      const ids = mailbox.flatMap((e) => (e.type === 'message' ? [e.message.id] : []));
      repeats += ids.length - new Set(ids).size;
      missingReplies += delivered.filter((id) => !ids.includes(id)).length;
      expect(ids.filter((id) => id.startsWith('crash-'))).toEqual(accepted[n]);
    }

    const counts = sim.stats().sendsByMessageId;
    const all = accepted.flat();
    const atKit = all.filter((id) => counts[id] === 1).length;
    const deliveredReplies = outcomes.flat().filter((o) => o.delivered).length;
    printFigures('kill -9 with a full outbox and replies arriving', {
      accepted: all.length, 'reached Kit once': atKit, 'Kit repeats': Object.values(counts).filter((c) => c > 1).length,
      'replies acknowledged': deliveredReplies, 'replies missing': missingReplies, 'mailbox repeats': repeats,
      'stream gaps': gaps, 'relay down': `${downMs} ms`, 'callback attempts': sim.stats().callbackAttempts,
    });
    expect(all).toHaveLength(VISITORS * (MESSAGES_EACH + 1));
    expect(atKit).toBe(all.length);
    expect(Object.keys(counts).sort()).toEqual([...all].sort());
    expect(deliveredReplies).toBe(VISITORS * REPLIES_EACH);
    expect({ missingReplies, repeats, gaps }).toEqual({ missingReplies: 0, repeats: 0, gaps: 0 });

    for (const r of relays) watch.addLog(r.output());
    for (const v of visitors) watch.addVisitorToken(v.token);
    const report = await watch.leaks([TEST_SECRETS.KIT_API_TOKEN, TEST_SECRETS.KIT_CALLBACK_SALT, TEST_SECRETS.RELAY_SECRET]);
    expect(report.leaks).toEqual([]);
  });
});
