// What `kit-chat doctor` reports: one result per check, each ok, warn or fail, saying what was
// checked and, when something is wrong, the fix naming the variable. Never a secret's value.

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  /** Stable id: config, kit-host, kit-login, kit-refresh, store, store-persistence, files, public-url, relay, origins, metrics, callbacks. */
  check: string;
  status: CheckStatus;
  /** What was checked and what was found. */
  message: string;
  /** For a warning or a failure: what to change. */
  fix?: string;
  /** The variables the fix is about. */
  variables?: string[];
}

export interface DoctorReport {
  /** False when any check failed. */
  ok: boolean;
  checks: CheckResult[];
}

export const ok = (check: string, message: string): CheckResult => ({ check, status: 'ok', message });
export const warn = (check: string, message: string, fix: string, variables: string[] = []): CheckResult =>
  ({ check, status: 'warn', message, fix, ...(variables.length ? { variables } : {}) });
export const fail = (check: string, message: string, fix: string, variables: string[] = []): CheckResult =>
  ({ check, status: 'fail', message, fix, ...(variables.length ? { variables } : {}) });

/** A short, secret-free reason for a failed request: the error code, never its message (which may hold a URL). */
export function networkReason(err: unknown, timeoutMs: number): string {
  const error = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (error?.name === 'TimeoutError' || error?.cause?.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const code = error?.cause?.code ?? error?.code;
  switch (code) {
    case 'ECONNREFUSED': return 'connection refused';
    case 'ENOTFOUND': case 'EAI_AGAIN': return 'unknown host name';
    case 'ECONNRESET': return 'connection reset';
    case 'EHOSTUNREACH': case 'ENETUNREACH': return 'host unreachable';
    case 'ETIMEDOUT': case 'UND_ERR_CONNECT_TIMEOUT': return `no answer within ${timeoutMs} ms`;
    default:
      if (typeof code === 'string' && /CERT|TLS|SSL|SELF_SIGNED/i.test(code)) return `TLS certificate problem (${code})`;
      return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'network error';
  }
}

/** A URL fit to print: no user name or password, no query. */
export function printableUrl(value: string): string {
  try {
    const url = new URL(value);
    url.username = '';
    url.password = '';
    url.search = '';
    return url.href.replace(/\/$/, '');
  } catch {
    return '(not a URL)';
  }
}
