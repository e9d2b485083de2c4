// Building the Kit send_message event from a visitor and their message (docs/kit-api.md §3).
import { describe, expect, it } from 'vitest';
import { buildKitEvent } from '../../../relay/outbox/kit-event';
import type { VisitorRecord } from '../../../relay/store/types';

const bare: VisitorRecord = { visitorId: 'v-1', profile: {}, createdAt: 0, updatedAt: 0 };

describe('buildKitEvent', () => {
  it('maps the visitor session and the message onto the Kit event', () => {
    const visitor: VisitorRecord = {
      ...bare,
      profile: { name: 'Ivan Sokolov', email: 'ivan@example.com', phone: '+49 30 1234567' },
      locale: 'ru',
      page: { url: 'https://shop.example.com/cart', title: 'Cart', referrer: 'https://search.example' },
      utm: { source: 'news', medium: 'email', campaign: 'june' },
      device: { type: 'mobile', user_agent: 'Mozilla/5.0' },
    };
    const event = buildKitEvent(visitor, {
      id: 'msg-1',
      text: 'Here is the photo.',
      attachments: [
        { url: 'https://relay.example/files/a/box.jpg', name: 'box.jpg', type: 'image/jpeg' },
        { url: 'https://relay.example/files/b/clip.mp4', name: 'clip.mp4', type: 'video/mp4' },
        { url: 'https://relay.example/files/c/note.ogg', name: 'note.ogg', type: 'audio/ogg' },
        { url: 'https://relay.example/files/d/bill.pdf', name: 'bill.pdf', type: 'application/pdf' },
      ],
    }, 'c41b7e90-2a6d-4f13-b5e8-7d9a0c3f6e21');

    expect(event).toEqual({
      event_type: 'send_message',
      event_id: 'c41b7e90-2a6d-4f13-b5e8-7d9a0c3f6e21',
      client_data: {
        client_id: 'v-1',
        client_display_name: 'Ivan Sokolov',
        client_email: 'ivan@example.com',
        client_phone: '+49 30 1234567',
        client_language: 'ru',
        page: { url: 'https://shop.example.com/cart', title: 'Cart' },
        utm: { source: 'news', medium: 'email', campaign: 'june' },
        device: { type: 'mobile', user_agent: 'Mozilla/5.0' },
      },
      event_data: {
        message: {
          message_id: 'msg-1',
          text: 'Here is the photo.',
          payload: [
            { type: 'photo', file_name: 'box.jpg', file_url: 'https://relay.example/files/a/box.jpg' },
            { type: 'video', file_name: 'clip.mp4', file_url: 'https://relay.example/files/b/clip.mp4' },
            { type: 'audio', file_name: 'note.ogg', file_url: 'https://relay.example/files/c/note.ogg' },
            { type: 'document', file_name: 'bill.pdf', file_url: 'https://relay.example/files/d/bill.pdf' },
          ],
        },
      },
    });
  });

  it('leaves out everything the visitor did not give', () => {
    const visitor: VisitorRecord = { ...bare, profile: { name: '  ', email: '' }, page: { url: '' }, utm: {}, device: {} };
    const event = buildKitEvent(visitor, { id: 'msg-2', attachments: [] });
    expect(event.client_data).toEqual({ client_id: 'v-1' });
    expect(event.event_data).toEqual({ message: { message_id: 'msg-2' } });
  });

  it('gives every built event a fresh UUID event_id', () => {
    const a = buildKitEvent(bare, { id: 'm', text: 'hi' });
    const b = buildKitEvent(bare, { id: 'm', text: 'hi' });
    expect(a.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.event_id).not.toBe(b.event_id);
  });
});
