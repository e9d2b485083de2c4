// Small builders for store tests: visitor messages, their outbox items and visitor records.
import { randomUUID } from 'node:crypto';
import type { MessageEntry } from '../../../protocol/relay-api';
import type { OutboxItem, VisitorRecord } from '../../../relay/store/types';

export const newId = (kind: string) => `${kind}-${randomUUID()}`;

export function visitorMessage(id: string, text = `text of ${id}`): Omit<MessageEntry, 'seq'> {
  return { type: 'message', message: { id, from: 'visitor', text, createdAt: '2025-01-02T03:04:05.000Z' } };
}

export function outboxFor(visitorId: string, messageId: string, acceptedAt: number, text = 'hi'): Omit<OutboxItem, 'attempts' | 'nextAttemptAt'> {
  return {
    visitorId,
    messageId,
    acceptedAt,
    event: {
      event_type: 'send_message',
      event_id: `ev-${messageId}`,
      client_data: { client_id: visitorId, client_display_name: 'Ada', utm: {} },
      event_data: { message: { message_id: messageId, text, payload: [] } },
    },
  };
}

export function visitorRecord(visitorId: string, at = 1_700_000_000_000): VisitorRecord {
  return {
    visitorId,
    profile: { name: 'Ada', email: 'ada@example.com' },
    locale: 'en',
    page: { url: 'https://shop.example/a', title: 'A' },
    createdAt: at,
    updatedAt: at,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
