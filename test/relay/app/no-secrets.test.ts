import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signCallback } from '../../../relay/webhook/signature';
import { TEST_ORIGIN, TEST_SECRETS } from '../../helpers/test-config';
import { sseReader } from '../../helpers/http';
import { agentMessage, startHarness, type Harness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhY21lIn0.c2lnbmF0dXJlLXNlY3JldA';
const REFRESH = 'refresh-token-7d3f0a9b1c2e';

describe('secrets', () => {
  it('never appear in a log line or in a response that did not issue them', async () => {
    await h.store.setKitTokens({ accessToken: JWT, refreshToken: REFRESH, accessExpiresAt: Date.now() + 60_000, refreshExpiresAt: Date.now() + 60_000 });
    const bodies: string[] = [];
    const record = async (res: Response) => {
      bodies.push(`${res.status} ${[...res.headers].join(' ')} ${await res.text()}`);
      return res;
    };

    const a = await h.session({ profile: { name: 'Ivan Secretname' } });
    const b = await h.session();
    // Resume: the answer carries a fresh token, which is the point of the call.
    const resumed = await (await h.post('/v1/sessions', {}, { authorization: `Bearer ${a.token}`, origin: TEST_ORIGIN })).json();
    await record(await h.post('/v1/sessions', {}, { authorization: `Bearer ${a.token}x` }));

    await record(await h.sendMessage(a.token, { id: 'm1', text: 'my card is 4111 1111 1111 1111' }));
    await record(await h.sendMessage(a.token, { id: 'bad id', text: 'x' }));
    await record(await fetch(`${h.url}/v1/messages?after=0`, { headers: { authorization: `Bearer ${b.token}` } }));

    const stream = await fetch(`${h.url}/v1/events?token=${encodeURIComponent(a.token)}&after=0`);
    const sse = sseReader(stream);
    await sse.nextData();
    await sse.cancel();
    await record(await fetch(`${h.url}/v1/events?token=${encodeURIComponent(a.token)}zz`));

    const signature = signCallback(TEST_SECRETS.KIT_CALLBACK_SALT, TEST_SECRETS.KIT_API_TOKEN, 'ev-1');
    await record(await h.callback(agentMessage(a.visitorId, 'ev-1', 'agent says a private thing'), signature));
    await record(await h.callback(agentMessage(a.visitorId, 'ev-2'), `Bearer ${signature}`));
    await record(await fetch(`${h.url}/readyz`));
    await record(await fetch(`${h.url}/metrics`));
    await record(await fetch(`${h.url}/v1/messages`, { headers: { authorization: `Bearer ${a.token}` } }));

    const logs = h.logs.text();
    expect(logs).toContain('"path":"/v1/events"');
    const responses = bodies.join('\n');
    for (const secret of [a.token, b.token, resumed.token, TEST_SECRETS.RELAY_SECRET, TEST_SECRETS.KIT_API_TOKEN, TEST_SECRETS.KIT_CALLBACK_SALT, signature, JWT, REFRESH]) {
      expect(logs).not.toContain(secret);
    }
    for (const secret of [b.token, resumed.token, TEST_SECRETS.RELAY_SECRET, TEST_SECRETS.KIT_API_TOKEN, TEST_SECRETS.KIT_CALLBACK_SALT, signature, JWT, REFRESH]) {
      expect(responses).not.toContain(secret);
    }
    // Tokens are only as good as their secret part: not even the signature of A's token leaks.
    expect(responses).not.toContain(a.token.split('.')[3]);
    // Message text and profile data stay out of the logs too.
    for (const text of ['4111 1111', 'private thing', 'Secretname']) expect(logs).not.toContain(text);
  });
});
