import { describe, expect, it } from 'vitest';
import { mapKitEvent, mapPayloadItem } from '../../../relay/webhook/map-event';

// Kit's documented examples (docs/kit-api.md §4.3-4.4), kept in test/fixtures/kit.
import AGENT_MESSAGE from '../../fixtures/kit/callback-agent-message.json';
import CONVERSATION_CLOSED from '../../fixtures/kit/callback-conversation-closed.json';

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);

describe('mapping Kit callbacks to mailbox entries', () => {
  it('maps an agent message with its sender and a document attachment', () => {
    expect(mapKitEvent(AGENT_MESSAGE, () => NOW)).toEqual({
      kind: 'entry',
      entry: {
        type: 'message',
        message: {
          id: '9c1d5e7a-3b2f-4a86-b0d4-6e8f1a2c3b49',
          from: 'agent',
          text: 'Hello Ivan! I checked order #5531 - it ships today. Shipping label attached.',
          attachments: [{ kind: 'file', url: 'https://kit-files.example.net/eu/attachments/5531/shipping-label-5531.pdf', name: 'shipping-label-5531.pdf' }],
          sender: { name: 'Anna Petrova', avatarUrl: 'https://kit-static.example.net/avatars/1042.png' },
          createdAt: '2025-01-02T03:04:05.000Z',
        },
      },
    });
  });

  it('maps close_conversation with its reason', () => {
    expect(mapKitEvent(CONVERSATION_CLOSED)).toEqual({
      kind: 'entry',
      entry: { type: 'conversation', state: 'closed', reason: 'CLOSED_BY_AGENT' },
    });
  });

  it('marks bot messages as from the bot, by sender_type or is_bot', () => {
    const from = (sender_data: object) => {
      const mapped = mapKitEvent({ event_type: 'send_message', event_id: 'e', event_data: { sender_data, message: { message_id: 'm', text: 'x' } } });
      return mapped.kind === 'entry' && mapped.entry.type === 'message' ? mapped.entry.message.from : undefined;
    };
    expect(from({ sender_type: 'bot' })).toBe('bot');
    expect(from({ is_bot: true })).toBe('bot');
    expect(from({ sender_type: 'agent', sender_username: 'anna' })).toBe('agent');
  });

  it('falls back to the event id and the username, and drops a non-http avatar', () => {
    const mapped = mapKitEvent({
      event_type: 'send_message',
      event_id: 'ev-9',
      event_data: { sender_data: { sender_username: 'anna', sender_avatar: 'javascript:alert(1)' }, message: { text: 'hi' } },
    });
    expect(mapped).toMatchObject({ entry: { message: { id: 'ev-9', sender: { name: 'anna' } } } });
    expect(JSON.stringify(mapped)).not.toContain('javascript');
  });

  it('ignores unknown event types', () => {
    expect(mapKitEvent({ event_type: 'chat_transfer', event_id: 'e' })).toEqual({ kind: 'ignored', reason: 'unknown_event_type' });
  });
});

describe('mapping payload items', () => {
  it.each([
    [{ type: 'photo', url: 'https://f.example/p.jpg', file_name: 'p.jpg', file_size: 1234 }, { kind: 'image', url: 'https://f.example/p.jpg', name: 'p.jpg', size: 1234 }],
    [{ type: 'video', file_url: 'http://f.example/v.mp4' }, { kind: 'video', url: 'http://f.example/v.mp4' }],
    [{ type: 'audio', file_url: 'https://f.example/a.ogg', file_size: '12' }, { kind: 'audio', url: 'https://f.example/a.ogg' }],
    [{ type: 'document', file_url: 'file:///etc/passwd', file_name: 'x' }, { kind: 'file', name: 'x' }],
    [{ type: 'location', latitude: 55.75, longitude: 37.62, address: 'Red Square' }, { kind: 'location', latitude: 55.75, longitude: 37.62, address: 'Red Square' }],
    [{ type: 'contact', name: 'Support', number: 74951234567 }, { kind: 'contact', name: 'Support', phone: '74951234567' }],
    [{ type: 'properties', message_type: 'text' }, { kind: 'unknown' }],
    [{ type: 'webchat_inline_buttons', buttons: [] }, { kind: 'unknown' }],
    ['not an object', { kind: 'unknown' }],
    [null, { kind: 'unknown' }],
  ])('maps %j', (item, expected) => {
    expect(mapPayloadItem(item)).toEqual(expected);
  });
});
