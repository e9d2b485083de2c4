// Builds the Kit `send_message` event for a visitor message (docs/kit-api.md §3.1-3.3; README, The relay's API).
// Built once at acceptance and stored in the outbox, so its event_id is stable across retries.
import { randomUUID } from 'node:crypto';
import type { KitClientData, KitIncomingEvent, KitMessage, KitPayloadItem } from '../../protocol/kit-api';
import type { MessagePage } from '../../protocol/relay-api';
import type { VisitorRecord } from '../store/types';

/** An accepted upload, as the messages route resolves it from a `fileId`. */
export interface OutgoingAttachment {
  /** Public URL Kit fetches the file from (`/files/:fileId/:name`). */
  url: string;
  name: string;
  /** MIME type. */
  type: string;
}

export interface OutgoingMessage {
  /** The widget's message id; Kit's `message_id`. */
  id: string;
  text?: string;
  attachments?: OutgoingAttachment[];
  /** The page it was written on; wins over the page the session started on. */
  page?: MessagePage;
}

export function buildKitEvent(visitor: VisitorRecord, message: OutgoingMessage, eventId: string = randomUUID()): KitIncomingEvent {
  const kitMessage: KitMessage = { message_id: message.id };
  if (message.text) kitMessage.text = message.text;
  const payload = (message.attachments ?? []).map(toPayloadItem);
  if (payload.length > 0) kitMessage.payload = payload;

  return {
    event_type: 'send_message',
    event_id: eventId,
    client_data: clientData(visitor, message.page),
    event_data: { message: kitMessage },
  };
}

function clientData(visitor: VisitorRecord, messagePage: MessagePage | undefined): KitClientData {
  const { profile, utm, device } = visitor;
  const page = messagePage?.url || messagePage?.title ? messagePage : visitor.page;
  return {
    client_id: visitor.visitorId,
    ...compact({
      client_display_name: profile?.name,
      client_email: profile?.email,
      client_phone: profile?.phone,
      client_language: visitor.locale,
    }),
    ...nested('page', { url: page?.url, title: page?.title }),
    ...nested('utm', { source: utm?.source, medium: utm?.medium, campaign: utm?.campaign, term: utm?.term, content: utm?.content }),
    ...nested('device', { type: device?.type, user_agent: device?.user_agent }),
  };
}

/** Kit's media kinds (§3.3): photo for images, video, audio, and document for everything else. */
export function toPayloadItem(file: OutgoingAttachment): KitPayloadItem {
  const mime = file.type.toLowerCase();
  const type = mime.startsWith('image/') ? 'photo' : mime.startsWith('video/') ? 'video' : mime.startsWith('audio/') ? 'audio' : 'document';
  return { type, ...compact({ file_name: file.name, file_url: file.url }) };
}

/** Drops undefined and blank string fields: the event omits what the visitor did not give. */
function compact<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  const out: Partial<Record<keyof T, string>> = {};
  for (const key of Object.keys(fields) as (keyof T)[]) {
    const value = fields[key];
    if (typeof value === 'string' && value.trim() !== '') out[key] = value;
  }
  return out;
}

/** `{ [key]: fields }` with blank fields dropped, or nothing at all when none is left. */
function nested<K extends string, T extends Record<string, string | undefined>>(key: K, fields: T) {
  const value = compact(fields);
  return Object.keys(value).length > 0 ? ({ [key]: value } as Record<K, Partial<Record<keyof T, string>>>) : {};
}
