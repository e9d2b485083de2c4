// Runtime fault switches: the simulator consults them on every request so tests and the
// console can make "Kit" slow, failing or forgetful while the relay keeps running.
import type { FaultPatch, FaultState } from './types';

export const MAX_LATENCY_MS = 60_000;

const HEALTHY: FaultState = {
  sendStatus: null,
  sendStatusRemaining: null,
  latencyMs: 0,
  dropConnections: false,
  refuseRefresh: false,
  loginStatus: null,
  duplicateCallbacks: false,
  rateLimitPerSecond: null,
  successFalseCode: null,
};

export class FaultError extends Error {}

function checkStatus(value: unknown, name: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 400 || value > 599) {
    throw new FaultError(`${name} must be null or an HTTP error status (400-599)`);
  }
  return value;
}

function checkBoolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new FaultError(`${name} must be a boolean`);
  return value;
}

export class Faults {
  private state: FaultState = { ...HEALTHY };

  constructor(
    private readonly onChange: () => void,
    private readonly onExpire: (includeRefresh: boolean) => void,
  ) {}

  current(): FaultState {
    return { ...this.state };
  }

  /** Applies a patch; unknown or ill-typed fields throw FaultError and change nothing. */
  set(patch: FaultPatch): FaultState {
    const next = { ...this.state };
    for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
      if (value === undefined) continue;
      switch (key) {
        case 'sendStatus':
          next.sendStatus = checkStatus(value, key);
          break;
        case 'count':
          if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) {
            throw new FaultError('count must be null or a positive integer');
          }
          next.sendStatusRemaining = value;
          break;
        case 'latencyMs':
          if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_LATENCY_MS) {
            throw new FaultError(`latencyMs must be an integer from 0 to ${MAX_LATENCY_MS}`);
          }
          next.latencyMs = value;
          break;
        case 'loginStatus':
          next.loginStatus = checkStatus(value, key);
          break;
        case 'rateLimitPerSecond':
          if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100_000)) {
            throw new FaultError('rateLimitPerSecond must be null or a whole number from 1 to 100000');
          }
          next.rateLimitPerSecond = value;
          break;
        case 'successFalseCode':
          if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 999)) {
            throw new FaultError('successFalseCode must be null or a three-digit code');
          }
          next.successFalseCode = value;
          break;
        case 'dropConnections':
        case 'refuseRefresh':
        case 'duplicateCallbacks':
          next[key] = checkBoolean(value, key);
          break;
        default:
          throw new FaultError(`unknown fault: ${key}`);
      }
    }
    if (next.sendStatus === null) next.sendStatusRemaining = null;
    this.state = next;
    this.onChange();
    return this.current();
  }

  clear(): FaultState {
    this.state = { ...HEALTHY };
    this.onChange();
    return this.current();
  }

  /** Every issued JWT stops working now; with `includeRefresh`, refresh tokens too. */
  expireTokensNow(options: { includeRefresh?: boolean } = {}): void {
    this.onExpire(options.includeRefresh ?? false);
  }

  /** Consumes one injected send failure, if any: the status to answer with. */
  takeSendStatus(): number | null {
    const { sendStatus, sendStatusRemaining } = this.state;
    if (sendStatus === null) return null;
    if (sendStatusRemaining !== null) {
      const left = sendStatusRemaining - 1;
      this.state = left > 0
        ? { ...this.state, sendStatusRemaining: left }
        : { ...this.state, sendStatus: null, sendStatusRemaining: null };
      this.onChange();
    }
    return sendStatus;
  }
}
