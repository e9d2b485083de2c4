// JSON text as a clean page's JSON.stringify writes it, also on pages whose libraries patch the
// built-ins: Prototype.js gives Array.prototype a toJSON that returns a string, so the page's
// JSON.stringify([1]) is '"[1]"' and a stored list would come back as text.

/**
 * JSON.stringify calls a value's toJSON before the replacer, and the replacer's `this` is the
 * object holding the value: handing back `this[key]` undoes whatever toJSON made of it, and
 * what it gives back is serialized as it is. Only own keys are ever written.
 */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, function (this: Record<string, unknown>, key: string) {
    return this[key];
  });
