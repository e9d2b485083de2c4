// `kit-chat doctor`: checks a configuration the way the relay will use it (README, `kit-chat doctor`) and says
// what is wrong and which variable fixes it. It changes nothing: it logs in to Kit once with its
// own tokens (stored nowhere), writes and deletes one probe file or Redis key, reads /readyz.
import { loadConfig, type Config, type Env } from '../config';
import { ConfigError } from '../errors';
import { checkKitHost, checkKitLogin, checkKitRefresh } from './kit';
import { checkCallbacks, checkMetrics, checkOrigins, checkPublicUrlScheme, checkRelay } from './relay-url';
import { checkFiles, checkStore } from './store';
import { fail, ok, type CheckResult, type DoctorReport } from './types';

export type { CheckResult, CheckStatus, DoctorReport } from './types';
export { formatReport } from './format';

/** Every probe gets this long to answer. */
export const DOCTOR_TIMEOUT_MS = 5_000;

export interface DoctorOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function runDoctor(env: Env, options: DoctorOptions = {}): Promise<DoctorReport> {
  const deps = { fetch: options.fetch ?? ((input, init) => fetch(input, init)), timeoutMs: options.timeoutMs ?? DOCTOR_TIMEOUT_MS } satisfies { fetch: typeof fetch; timeoutMs: number };
  let config: Readonly<Config>;
  try {
    config = loadConfig(env, { requireKit: true, generateSecret: false });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // Nothing else can be checked meaningfully with a configuration the relay would refuse.
    return report(err.problems.map((p) => fail('config', `${p.variable} ${p.problem}`, configFix(p.variable), [p.variable])));
  }
  const checks: CheckResult[] = [ok('config', 'every variable is present and well-formed')];
  const host = await checkKitHost(config.kit, deps);
  checks.push(host);
  if (host.status !== 'fail') {
    const login = await checkKitLogin(config.kit, deps);
    checks.push(login.result);
    if (login.refreshToken) checks.push(await checkKitRefresh(config.kit, login.refreshToken, deps));
  }
  checks.push(...(await checkStore(config, deps.timeoutMs)));
  checks.push(checkFiles(config));
  checks.push(checkPublicUrlScheme(config));
  const relay = await checkRelay(config, deps);
  checks.push(relay.result);
  checks.push(checkOrigins(config));
  checks.push(checkMetrics(config));
  if (relay.readiness?.callbacks) checks.push(checkCallbacks(relay.readiness.callbacks));
  return report(checks);
}

const report = (checks: CheckResult[]): DoctorReport => ({ ok: !checks.some((c) => c.status === 'fail'), checks });

function configFix(variable: string): string {
  return `set ${variable} in the environment or in .env (every variable is described in .env.example)`;
}
