// Cross-relay fan-out over Redis pub/sub: one subscriber connection per process and one
// channel per visitor, subscribed while this process has a listener for that visitor
// (refcounted), so a relay only receives traffic for the visitors it is streaming to.
import type { Redis } from 'ioredis';
import type { Logger } from '../log';
import type { MailboxEntry } from '../../protocol/relay-api';
import { createListenerRegistry } from './listeners';
import type { EntryListener } from './types';

export interface RedisFanout {
  subscribe(visitorId: string, listener: EntryListener): () => void;
  /** Settles once the visitor's channel subscription (if one is starting) is in place. */
  ready(visitorId: string): Promise<void> | undefined;
}

export function createRedisFanout(sub: Redis, channelPrefix: string, log?: Logger): RedisFanout {
  const listeners = createListenerRegistry(log);
  const pending = new Map<string, Promise<void>>();

  sub.on('message', (channel: string, message: string) => {
    if (!channel.startsWith(channelPrefix)) return;
    const visitorId = channel.slice(channelPrefix.length);
    let entry: MailboxEntry;
    try {
      entry = JSON.parse(message) as MailboxEntry;
    } catch (err) {
      log?.warn({ err, visitorId }, 'unreadable mailbox entry on the fan-out channel');
      return;
    }
    listeners.emit(visitorId, entry);
  });

  return {
    subscribe(visitorId, listener) {
      if (listeners.add(visitorId, listener)) {
        const subscribed = sub.subscribe(channelPrefix + visitorId).then(
          () => undefined,
          (err: unknown) => log?.error({ err, visitorId }, 'could not subscribe to the fan-out channel'),
        );
        pending.set(visitorId, subscribed);
        void subscribed.finally(() => {
          if (pending.get(visitorId) === subscribed) pending.delete(visitorId);
        });
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        if (listeners.remove(visitorId, listener) && sub.status === 'ready') {
          sub.unsubscribe(channelPrefix + visitorId).catch((err: unknown) => log?.warn({ err, visitorId }, 'could not unsubscribe'));
        }
      };
    },
    ready: (visitorId) => pending.get(visitorId),
  };
}
