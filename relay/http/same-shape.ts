// A compile-time check that a schema's output and a contract type describe the same shape:
// mutually assignable and with the same keys at every depth, so an optional field added to
// one side only is caught too (plain assignability lets optional extras through).

type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;

type AllTrue<T> = [T] extends [true] ? true : false;

/** `true` when A and B have the same shape, `false` otherwise. */
export type SameShape<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [A] extends [readonly (infer X)[]]
      ? [B] extends [readonly (infer Y)[]]
        ? SameShape<X, Y>
        : false
      : [A] extends [object]
        ? SameKeys<A, B> extends true
          ? AllTrue<{ [K in keyof A]-?: K extends keyof B ? SameShape<NonNullable<A[K]>, NonNullable<B[K]>> : false }[keyof A]>
          : false
        : true
    : false
  : false;
