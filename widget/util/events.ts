// A small typed event channel, so models tell each other what happened without holding each
// other: the connection announces mailbox entries, the conversation new replies.
export type Listener<T> = (value: T) => void;

export interface Events<M> {
  /** Adds a listener; returns its removal. */
  on<K extends keyof M>(name: K, fn: Listener<M[K]>): () => void;
  emit<K extends keyof M>(name: K, ...value: M[K] extends void ? [] : [M[K]]): void;
}

export function createEvents<M>(): Events<M> {
  const listeners: { [K in keyof M]?: Listener<M[K]>[] } = {};
  return {
    on(name, fn) {
      (listeners[name] ??= []).push(fn);
      return () => void (listeners[name] = listeners[name]!.filter((f) => f !== fn));
    },
    emit(name, ...value) {
      for (const fn of listeners[name]?.slice() ?? []) fn(value[0] as M[typeof name]);
    },
  };
}
