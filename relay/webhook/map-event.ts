// Turns a Kit callback (docs/kit-api.md §4.3-4.4) into a mailbox entry. Kit's payloads are read
// defensively: unknown items become `kind: 'unknown'`, only http(s) URLs survive.
import type { Attachment, ChatMessage } from '../../protocol/relay-api';
import type { NewMailboxEntry } from '../store/types';

type Json = Record<string, unknown>;

export type MappedEvent =
  | { kind: 'entry'; entry: NewMailboxEntry }
  | { kind: 'ignored'; reason: 'unknown_event_type' | 'missing_message' | 'empty_message' };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 10_000): string | undefined => (typeof v === 'string' && v !== '' ? v.slice(0, max) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function httpUrl(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 4096) return undefined;
  try {
    const url = new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export function mapKitEvent(event: Json, now: () => number = Date.now): MappedEvent {
  const data = isObject(event.event_data) ? event.event_data : {};
  switch (event.event_type) {
    case 'send_message':
      return mapMessage(data, str(event.event_id) ?? '', now);
    case 'close_conversation': {
      const reason = str(data.close_reason, 100);
      return { kind: 'entry', entry: { type: 'conversation', state: 'closed', ...(reason ? { reason } : {}) } };
    }
    default:
      return { kind: 'ignored', reason: 'unknown_event_type' };
  }
}

function mapMessage(data: Json, eventId: string, now: () => number): MappedEvent {
  if (!isObject(data.message)) return { kind: 'ignored', reason: 'missing_message' };
  const m = data.message;
  const sender = isObject(data.sender_data) ? data.sender_data : {};
  const message: ChatMessage = {
    id: str(m.message_id, 200) ?? eventId,
    from: sender.sender_type === 'bot' || sender.is_bot === true ? 'bot' : 'agent',
    createdAt: new Date(now()).toISOString(),
  };
  const text = str(m.text, 100_000);
  if (text?.trim()) message.text = text;
  if (Array.isArray(m.payload) && m.payload.length > 0) message.attachments = m.payload.slice(0, 50).map(mapPayloadItem);
  // Neither text nor payload would be an empty bubble in the widget: counted and dropped instead.
  if (!message.text && !message.attachments) return { kind: 'ignored', reason: 'empty_message' };
  const name = str(sender.sender_display_name, 200) ?? str(sender.sender_username, 200);
  const avatarUrl = httpUrl(sender.sender_avatar);
  if (name || avatarUrl) message.sender = { ...(name ? { name } : {}), ...(avatarUrl ? { avatarUrl } : {}) };
  return { kind: 'entry', entry: { type: 'message', message } };
}

const MEDIA_KINDS: Record<string, Attachment['kind']> = { photo: 'image', video: 'video', audio: 'audio', document: 'file' };

export function mapPayloadItem(item: unknown): Attachment {
  if (!isObject(item) || typeof item.type !== 'string') return { kind: 'unknown' };
  const media = MEDIA_KINDS[item.type];
  if (media) {
    const a: Attachment = { kind: media };
    const url = httpUrl(item.file_url) ?? httpUrl(item.url);
    if (url) a.url = url;
    const name = str(item.file_name, 255);
    if (name) a.name = name;
    const size = num(item.file_size);
    if (size !== undefined && size >= 0) a.size = size;
    return a;
  }
  if (item.type === 'location') {
    const a: Attachment = { kind: 'location' };
    const latitude = num(item.latitude);
    const longitude = num(item.longitude);
    const address = str(item.address, 500);
    if (latitude !== undefined) a.latitude = latitude;
    if (longitude !== undefined) a.longitude = longitude;
    if (address) a.address = address;
    return a;
  }
  if (item.type === 'contact') {
    const a: Attachment = { kind: 'contact' };
    const name = str(item.name, 200);
    if (name) a.name = name;
    // Kit's functions SDK types `number` as a number, the OpenAPI spec as a string (§4.3).
    if (typeof item.number === 'string' || typeof item.number === 'number') a.phone = String(item.number).slice(0, 64);
    return a;
  }
  return { kind: 'unknown' };
}
