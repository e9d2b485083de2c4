// What /readyz tells `kit-chat doctor` about Kit's callbacks: the fingerprint of the channel this
// relay serves, Kit's test request and whether its signature matched, the last accepted callback,
// and refusals for a wrong signature with the known token they were signed with (by name only).
import { afterEach, describe, expect, it } from 'vitest';
import { relayFingerprint } from '../../../relay/http/ops';
import { signCallback, signHandshake } from '../../../relay/webhook/signature';
import { TEST_SECRETS } from '../../helpers/test-config';
import { agentMessage, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(() => h.close());

const readyz = async () => (await (await fetch(`${h.url}/readyz`)).json()) as Record<string, any>;

describe('/readyz on callbacks', () => {
  it('starts with nothing seen, and names the channel by a fingerprint, not its UUID', async () => {
    h = await startHarness();
    const body = await readyz();
    expect(body.relay).toBe(relayFingerprint(h.config.kit));
    expect(JSON.stringify(body)).not.toContain(h.config.kit.channelUuid);
    expect(body.callbacks).toEqual({
      lastAcceptedAt: null, testRequestAt: null, testRequestSignatureMatches: null,
      refusedForSignature: 0, lastRefusedAt: null, lastRefusedSignedWith: null,
    });
  });

  it('records Kit\'s test request and whether its signature matched; a bare GET is no test request', async () => {
    h = await startHarness();
    expect((await fetch(`${h.url}/kit/callback`)).status).toBe(200);
    expect((await readyz()).callbacks.testRequestAt).toBeNull();
    const signed = signHandshake(h.config.kit.callbackSalt, h.config.kit.signatureToken);
    expect((await fetch(`${h.url}/kit/callback`, { headers: { authorization: signed } })).status).toBe(200);
    expect((await readyz()).callbacks).toMatchObject({ testRequestAt: expect.any(String), testRequestSignatureMatches: true });
    await fetch(`${h.url}/kit/callback`, { headers: { authorization: signHandshake('another-salt', h.config.kit.signatureToken) } });
    expect((await readyz()).callbacks.testRequestSignatureMatches).toBe(false);
  });

  it('counts refusals with the token they were signed with, and the last accepted callback', async () => {
    h = await startHarness({ env: { KIT_SIGNATURE_TOKEN: 'a-signature-token-that-kit-does-not-use' } });
    const { visitorId } = await h.session();
    const signedWithApiToken = signCallback(h.config.kit.callbackSalt, TEST_SECRETS.KIT_API_TOKEN, 'evt-1');
    expect((await h.callback(agentMessage(visitorId, 'evt-1'), signedWithApiToken)).status).toBe(401);
    expect((await h.callback(agentMessage(visitorId, 'evt-2'), signCallback('wrong-salt', TEST_SECRETS.KIT_API_TOKEN, 'evt-2'))).status).toBe(401);
    let callbacks = (await readyz()).callbacks;
    expect(callbacks).toMatchObject({ refusedForSignature: 2, lastRefusedAt: expect.any(String), lastRefusedSignedWith: null, lastAcceptedAt: null });

    expect((await h.callback(agentMessage(visitorId, 'evt-3'), signCallback(h.config.kit.callbackSalt, TEST_SECRETS.KIT_API_TOKEN, 'evt-3'))).status).toBe(401);
    expect((await readyz()).callbacks.lastRefusedSignedWith).toBe('KIT_API_TOKEN');
    expect(h.logs.text()).toContain('"signedWith":"KIT_API_TOKEN"');

    expect((await h.callback(agentMessage(visitorId, 'evt-4'))).status).toBe(200);
    callbacks = (await readyz()).callbacks;
    expect(callbacks.lastAcceptedAt >= callbacks.lastRefusedAt).toBe(true);
    expect(h.logs.text()).not.toContain(TEST_SECRETS.KIT_API_TOKEN);
  });
});
