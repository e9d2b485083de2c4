// Builds the callbacks an operator or the bot causes (docs/kit-api.md §4.3, §4.4): sender_data for
// agent and bot, media payload items from attachment URLs, and close_conversation events.
import { randomUUID } from 'node:crypto';
import type { KitCallbackCloseEvent, KitCallbackMessageEvent, KitPayloadItem, KitSenderData } from '../../protocol/kit-api';
import type { AgentIdentity, CloseReason } from './types';

export const BOT_IDENTITY = { id: 1, username: 'kit.bot', displayName: 'Kit Assistant' } as const;

const PHOTO = new Set(['jpg', 'jpeg', 'png', 'gif', 'webp', 'svg', 'bmp', 'heic', 'avif']);
const VIDEO = new Set(['mp4', 'webm', 'mov', 'm4v', 'avi', 'mkv', 'mpeg']);
const AUDIO = new Set(['mp3', 'ogg', 'oga', 'opus', 'wav', 'm4a', 'aac', 'flac', 'weba']);

/** A media payload item for an http(s) URL, typed by its extension; null for anything else. */
export function mediaItemFromUrl(raw: string): KitPayloadItem | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const last = url.pathname.split('/').filter(Boolean).at(-1) ?? '';
  let fileName = last;
  try {
    fileName = decodeURIComponent(last);
  } catch {
    // A malformed escape: keep the raw segment as the name.
  }
  const ext = fileName.includes('.') ? (fileName.split('.').at(-1) ?? '').toLowerCase() : '';
  const type = PHOTO.has(ext) ? 'photo' : VIDEO.has(ext) ? 'video' : AUDIO.has(ext) ? 'audio' : 'document';
  return { type, file_name: fileName || 'file', file_url: url.href };
}

export function agentSender(agent: AgentIdentity): KitSenderData {
  return {
    sender_id: agent.id,
    sender_username: agent.username,
    sender_display_name: agent.displayName,
    ...(agent.avatarUrl ? { sender_avatar: agent.avatarUrl } : {}),
    sender_email: agent.email,
    sender_type: 'agent',
    is_bot: false,
  };
}

export function botSender(avatarUrl?: string): KitSenderData {
  return {
    sender_id: BOT_IDENTITY.id,
    sender_username: BOT_IDENTITY.username,
    sender_display_name: BOT_IDENTITY.displayName,
    ...(avatarUrl ? { sender_avatar: avatarUrl } : {}),
    sender_type: 'bot',
    is_bot: true,
  };
}

export function messageEvent(
  clientId: string,
  sender: KitSenderData,
  message: { message_id: string; text?: string; payload: KitPayloadItem[] },
): KitCallbackMessageEvent {
  return {
    client_data: { client_id: clientId },
    event_id: randomUUID(),
    event_type: 'send_message',
    event_data: {
      sender_data: sender,
      message: {
        message_id: message.message_id,
        ...(message.text !== undefined ? { text: message.text } : {}),
        ...(message.payload.length > 0 ? { payload: message.payload } : {}),
      },
    },
  };
}

/** Close sender_data has no sender_type (§4.4); it is sent for agent and bot closes only. */
export function closeEvent(clientId: string, reason: CloseReason, sender?: KitSenderData): KitCallbackCloseEvent {
  let closeSender: KitSenderData | undefined;
  if (sender) {
    const { sender_type: _omitted, ...rest } = sender;
    closeSender = rest;
  }
  return {
    client_data: { client_id: clientId },
    event_id: randomUUID(),
    event_type: 'close_conversation',
    event_data: { close_reason: reason, ...(closeSender ? { sender_data: closeSender } : {}) },
  };
}

/** The echo bot's answer to a visitor message. */
export function echoText(text: string | undefined, attachments: number): string {
  const trimmed = (text ?? '').trim();
  if (trimmed) return `Echo: ${trimmed.length > 500 ? `${trimmed.slice(0, 500)}…` : trimmed}`;
  return attachments === 1
    ? 'Thanks, I received your attachment. An operator will take a look shortly.'
    : 'Thanks, I received your attachments. An operator will take a look shortly.';
}
