// Doctor's checks of the relay as the world sees it: RELAY_PUBLIC_URL is https and reaches this
// relay (its /readyz carries the fingerprint of this configuration's Kit channel), which origins
// may embed the widget, and what the running relay has seen of Kit's callbacks.
import type { Config } from '../config';
import { relayFingerprint } from '../http/ops';
import type { CallbackStatsView } from '../webhook/callback-stats';
import { signatureFix } from '../webhook/signature';
import { fail, networkReason, ok, printableUrl, warn, type CheckResult } from './types';

interface Readiness {
  store?: unknown;
  kit?: unknown;
  relay?: unknown;
  callbacks?: CallbackStatsView;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function checkPublicUrlScheme(config: Readonly<Config>): CheckResult {
  const url = new URL(config.publicUrl);
  const shown = printableUrl(config.publicUrl);
  if (url.protocol === 'https:') return ok('public-url', `RELAY_PUBLIC_URL ${shown} is https`);
  if (LOCAL_HOSTS.has(url.hostname)) {
    return warn('public-url', `RELAY_PUBLIC_URL ${shown} is http on this machine: fine to try things out, but Kit cannot reach it`, 'for production, serve the relay over https and set RELAY_PUBLIC_URL to that address', ['RELAY_PUBLIC_URL']);
  }
  return fail(
    'public-url',
    `RELAY_PUBLIC_URL ${shown} is http: pages on https cannot use it, and Kit would fetch visitors' files in the clear`,
    'serve the relay over https (a reverse proxy with a certificate) and set RELAY_PUBLIC_URL to the https address, including any path it is mounted under',
    ['RELAY_PUBLIC_URL'],
  );
}

/** Fetches RELAY_PUBLIC_URL/readyz and tells whether it is this relay and whether it is ready. */
export async function checkRelay(config: Readonly<Config>, deps: { fetch: typeof fetch; timeoutMs: number }): Promise<{ result: CheckResult; readiness?: Readiness }> {
  const target = `${printableUrl(config.publicUrl)}/readyz`;
  const fix = 'start the relay (kit-chat relay), or set RELAY_PUBLIC_URL to the address it is reached at, including any path it is mounted under';
  let status: number;
  let body: Readiness | undefined;
  try {
    const res = await deps.fetch(`${config.publicUrl}/readyz`, { redirect: 'manual', signal: AbortSignal.timeout(deps.timeoutMs) });
    status = res.status;
    body = await res.json().then((v: unknown) => (v && typeof v === 'object' ? (v as Readiness) : undefined), () => undefined);
  } catch (err) {
    return { result: fail('relay', `${target} does not answer: ${networkReason(err, deps.timeoutMs)}`, fix, ['RELAY_PUBLIC_URL']) };
  }
  if (typeof body?.relay !== 'string') {
    return { result: fail('relay', `${target} answered HTTP ${status}, but not as a kit-chat relay`, fix, ['RELAY_PUBLIC_URL']) };
  }
  if (body.relay !== relayFingerprint(config.kit)) {
    return {
      result: fail(
        'relay',
        `${target} is a relay for another Kit account or channel`,
        'set RELAY_PUBLIC_URL to this relay\'s address, or make KIT_ACCOUNT and KIT_CHANNEL_UUID here match the running relay\'s',
        ['RELAY_PUBLIC_URL', 'KIT_ACCOUNT', 'KIT_CHANNEL_UUID'],
      ),
    };
  }
  if (body.store === 'ok' && body.kit === 'ok') return { result: ok('relay', `RELAY_PUBLIC_URL reaches this relay, which is ready (store ok, Kit logged in)`), readiness: body };
  const why = [body.store !== 'ok' ? `store ${String(body.store)}` : '', body.kit !== 'ok' ? `Kit ${String(body.kit)}` : ''].filter(Boolean).join(', ');
  return { result: warn('relay', `RELAY_PUBLIC_URL reaches this relay, but it is not ready (${why})`, "see the relay's log; the checks above show what this configuration gets from Kit and the store"), readiness: body };
}

/**
 * /metrics without RELAY_METRICS_TOKEN answers loopback clients only; on a relay the internet
 * reaches, a reverse proxy on the same machine that drops X-Forwarded-For would make every
 * request look local, and a scraper on another machine gets nothing: so a token is the way.
 */
export function checkMetrics(config: Readonly<Config>): CheckResult {
  if (config.metricsToken !== undefined) return ok('metrics', '/metrics answers only Authorization: Bearer with RELAY_METRICS_TOKEN');
  if (LOCAL_HOSTS.has(new URL(config.publicUrl).hostname)) return ok('metrics', '/metrics answers only clients on this machine (RELAY_METRICS_TOKEN is not set)');
  return warn(
    'metrics',
    'RELAY_METRICS_TOKEN is not set on a public relay: /metrics answers only clients on this machine, which is what a reverse proxy here that does not forward X-Forwarded-For looks like, and no scraper elsewhere can read it',
    'set RELAY_METRICS_TOKEN to a long random value (openssl rand -hex 24) and give your Prometheus scrape job that bearer token',
    ['RELAY_METRICS_TOKEN'],
  );
}

export function checkOrigins(config: Readonly<Config>): CheckResult {
  const own = new URL(config.publicUrl).origin;
  if (config.allowedOrigins.includes('*')) {
    return warn('origins', 'RELAY_ALLOWED_ORIGINS is *: any site can put this relay\'s widget on its pages', 'list your sites\' origins in RELAY_ALLOWED_ORIGINS', ['RELAY_ALLOWED_ORIGINS']);
  }
  if (config.allowedOrigins.length === 0) {
    return warn('origins', `RELAY_ALLOWED_ORIGINS is not set: only pages on ${own} can use the widget`, 'set RELAY_ALLOWED_ORIGINS to the origins of the sites that embed the widget (comma-separated)', ['RELAY_ALLOWED_ORIGINS']);
  }
  return ok('origins', `RELAY_ALLOWED_ORIGINS lets ${config.allowedOrigins.join(', ')} use the widget`);
}

/** What the running relay has seen of Kit's callbacks since it started. */
export function checkCallbacks(seen: CallbackStatsView): CheckResult {
  const refusedLast = seen.lastRefusedAt !== null && (seen.lastAcceptedAt === null || seen.lastRefusedAt > seen.lastAcceptedAt);
  if (seen.refusedForSignature > 0 && refusedLast) {
    const how = seen.lastRefusedSignedWith ? `; they are signed with the token in ${seen.lastRefusedSignedWith}` : '';
    const variables = seen.lastRefusedSignedWith === 'KIT_API_TOKEN' ? ['KIT_SIGNATURE_TOKEN'] : ['KIT_CALLBACK_SALT', 'KIT_SIGNATURE_TOKEN'];
    return fail('callbacks', `the relay refused ${seen.refusedForSignature} callback(s) for their signature, the last at ${seen.lastRefusedAt}${how}`, signatureFix(seen.lastRefusedSignedWith), variables);
  }
  const test = seen.testRequestAt
    ? `; Kit's test request came at ${seen.testRequestAt}${seen.testRequestSignatureMatches ? '' : ' with a signature that does not match'}`
    : '';
  if (seen.lastAcceptedAt !== null) {
    const earlier = seen.refusedForSignature > 0 ? ` (${seen.refusedForSignature} refused for their signature before it)` : '';
    return ok('callbacks', `the last callback from Kit was accepted at ${seen.lastAcceptedAt}${earlier}${test}`);
  }
  if (seen.testRequestAt && !seen.testRequestSignatureMatches) {
    return warn('callbacks', `no callback yet${test}`, signatureFix(undefined), ['KIT_CALLBACK_SALT', 'KIT_SIGNATURE_TOKEN']);
  }
  return warn('callbacks', `no callback from Kit since the relay started${test}`, 'answer a visitor from Kit to see a callback arrive; until then the path from Kit to the relay is untested');
}
