// Callbacks refused for their signature, diagnosed: the relay's log says which known token
// (by variable name, never its value) the signature was made with and what to change, and
// `kit-chat doctor` says the same; the simulator signs with another token through its admin API.
import { afterEach, describe, expect, it } from 'vitest';
import { formatReport, runDoctor } from '../../relay/doctor/index';
import { captureLogger } from '../helpers/http';
import { STACK_KIT, startRelayStack, type RelayStack } from '../helpers/relay-stack';
import { TEST_SECRETS, testEnv } from '../helpers/test-config';
import { startVisitor } from './visitor';

const STALE_SIGNATURE_TOKEN = 'signature-token-from-an-old-channel-41d8';
const OTHER_API_TOKEN = 'second-api-token-picked-in-the-channel-9b7e';

let stack: RelayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** A stack whose relay logs to memory, with one visitor who has written once (so Kit knows them). */
async function stackWithVisitor(env: Record<string, string> = {}) {
  const logs = captureLogger('info');
  stack = await startRelayStack({ env, relayOptions: { log: logs.log }, simulator: { callbackRetry: { attempts: 2, baseDelayMs: 20 } } });
  const visitor = await startVisitor(stack.relay.url);
  expect((await visitor.send('m-1', 'Hello')).status).toBe(202);
  await expect.poll(() => stack!.sim.conversation(visitor.visitorId)?.messages.length).toBe(1);
  const doctorEnv = testEnv({
    KIT_ACCOUNT: STACK_KIT.account,
    KIT_CHANNEL_UUID: STACK_KIT.channelUuid,
    KIT_API_URL: stack.sim.url,
    RELAY_DATA_DIR: stack.dataDir,
    RELAY_PUBLIC_URL: stack.relay.url,
    ...env,
  });
  return { stack, logs, visitor, doctorEnv };
}

const refusals = (text: string) =>
  text.split('\n').filter((l) => l.includes('"code":"INVALID_SIGNATURE"')).map((l) => JSON.parse(l) as { signedWith: string | null; fix: string });

describe('signature diagnosis', () => {
  it('names KIT_API_TOKEN when a stale KIT_SIGNATURE_TOKEN refuses callbacks Kit signed with the API token', async () => {
    const { stack, logs, visitor, doctorEnv } = await stackWithVisitor({ KIT_SIGNATURE_TOKEN: STALE_SIGNATURE_TOKEN });
    expect((await stack.sim.reply(visitor.visitorId, { text: 'Hi there' })).delivered).toBe(false);

    const [refused] = refusals(logs.text());
    expect(refused).toMatchObject({ signedWith: 'KIT_API_TOKEN', fix: expect.stringContaining('remove KIT_SIGNATURE_TOKEN') });
    const report = await runDoctor(doctorEnv, { timeoutMs: 2_000 });
    const callbacks = report.checks.find((c) => c.check === 'callbacks')!;
    expect(callbacks).toMatchObject({ status: 'fail', variables: ['KIT_SIGNATURE_TOKEN'], message: expect.stringContaining('signed with the token in KIT_API_TOKEN') });
    expect(callbacks.fix).toBe(refused!.fix);
    expect(report.ok).toBe(false);
    const printed = `${logs.text()}${formatReport(report)}${JSON.stringify(report)}`;
    for (const secret of [TEST_SECRETS.KIT_API_TOKEN, STALE_SIGNATURE_TOKEN, TEST_SECRETS.KIT_CALLBACK_SALT]) expect(printed).not.toContain(secret);
  });

  it('says no known token matches when Kit signs with another one, and accepts once KIT_SIGNATURE_TOKEN names it', async () => {
    const { stack, logs, visitor, doctorEnv } = await stackWithVisitor();
    const switched = await fetch(`${stack.sim.url}/admin/signing-token`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: OTHER_API_TOKEN }),
    });
    expect(await switched.json()).toEqual({ signsWith: 'other-token' });
    expect((await stack.sim.reply(visitor.visitorId, { text: 'Signed with the other token' })).delivered).toBe(false);

    const [refused] = refusals(logs.text());
    expect(refused).toMatchObject({ signedWith: null, fix: expect.stringContaining('set KIT_SIGNATURE_TOKEN') });
    const report = await runDoctor(doctorEnv, { timeoutMs: 2_000 });
    expect(report.checks.find((c) => c.check === 'callbacks')).toMatchObject({
      status: 'fail', variables: ['KIT_CALLBACK_SALT', 'KIT_SIGNATURE_TOKEN'], fix: expect.stringContaining('KIT_CALLBACK_SALT'),
    });
    expect(logs.text()).not.toContain(OTHER_API_TOKEN);

    // The fix: the relay restarted with KIT_SIGNATURE_TOKEN set to the token Kit signs with.
    await stack.relay.close();
    stack.routeCallbacksTo(await stack.addRelay({ KIT_SIGNATURE_TOKEN: OTHER_API_TOKEN }));
    const stream = await visitor.stream({ relayUrl: stack.relay.url, lastEventId: 2 });
    expect((await stack.sim.reply(visitor.visitorId, { text: 'Now it arrives' })).delivered).toBe(true);
    expect(await stream.entry()).toMatchObject({ type: 'message', message: { text: 'Now it arrives' } });
    await stream.cancel();
    const after = await runDoctor({ ...doctorEnv, KIT_SIGNATURE_TOKEN: OTHER_API_TOKEN, RELAY_PUBLIC_URL: stack.relay.url }, { timeoutMs: 2_000 });
    expect(after.checks.find((c) => c.check === 'callbacks')).toMatchObject({ status: 'ok' });
  });
});
