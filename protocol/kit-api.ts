// Kit custom channel wire types, as far as Kit documents them (docs/kit-api.md §2–§4): the
// requests the relay sends and the callbacks it receives. Types only: nothing here runs.
// Reading Kit: every field beyond the required ones may be missing, and unknown ones may appear.

export interface KitLoginResponse {
  success: boolean;
  result?: { access_token?: string; refresh_token?: string } | { error?: string; code?: number };
}

export interface KitClientData {
  client_id: string;
  client_phone?: string;
  client_avatar?: string;
  client_display_name?: string;
  client_email?: string;
  client_language?: string;
  utm?: { source?: string; campaign?: string; content?: string; medium?: string; term?: string };
  page?: { url?: string; title?: string };
  location?: {
    latitude?: number;
    longitude?: number;
    country?: string;
    country_code?: string;
    region?: string;
    region_code?: string;
    city?: string;
    ip_address?: string;
  };
  device?: { type?: string; model?: string; user_agent?: string };
}

export type KitPayloadItem =
  | { type: 'photo' | 'video' | 'audio' | 'document'; file_name?: string; file_url?: string }
  | { type: 'location'; latitude?: number; longitude?: number; address?: string }
  | { type: 'contact'; name?: string; number?: string; avatar?: string };

export interface KitMessage {
  message_id: string;
  text?: string;
  payload?: KitPayloadItem[];
}

/** What the relay sends to `POST /{channel_uuid}` (§3.1). */
export interface KitIncomingEvent {
  event_type: 'send_message';
  event_id: string;
  client_data: KitClientData;
  event_data: { message: KitMessage };
}

export interface KitSenderData {
  sender_id?: number;
  sender_username?: string;
  sender_display_name?: string;
  sender_avatar?: string;
  sender_email?: string;
  sender_type?: string;
  is_bot?: boolean;
}

/** Callback `send_message` (§4.3). Loosely typed on purpose: validate when reading. */
export interface KitCallbackMessageEvent {
  client_data: { client_id: string };
  event_id: string;
  event_type: 'send_message';
  event_data: {
    sender_data?: KitSenderData;
    message?: { message_id?: string; text?: string; payload?: unknown[] };
  };
}

/** Callback `close_conversation` (§4.4). */
export interface KitCallbackCloseEvent {
  client_data: { client_id: string };
  event_id: string;
  event_type: 'close_conversation';
  event_data: { close_reason?: string; sender_data?: KitSenderData };
}

export type KitCallbackEvent = KitCallbackMessageEvent | KitCallbackCloseEvent;
