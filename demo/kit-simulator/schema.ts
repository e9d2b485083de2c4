// Strict validation of the event an integrator sends to `POST /{channel_uuid}` (docs/kit-api.md §3.1–3.3).
// Strict on purpose: unknown fields anywhere in the documented objects are rejected, so a relay
// that sends something Kit does not document fails here instead of silently in production.
import { z } from 'zod';
import type { KitIncomingEvent } from '../../protocol/kit-api';

// Kit documents no limits (§8); these bounds only protect the simulator's memory.
export const MAX_ID_LENGTH = 256;
export const MAX_TEXT_LENGTH = 10_000;
export const MAX_FIELD_LENGTH = 2_048;
export const MAX_PAYLOAD_ITEMS = 20;

const id = z.string().min(1).max(MAX_ID_LENGTH);
const field = z.string().max(MAX_FIELD_LENGTH);

const media = z.strictObject({
  type: z.enum(['photo', 'video', 'audio', 'document']),
  file_name: field.optional(),
  file_url: field.optional(),
});
const location = z.strictObject({
  type: z.literal('location'),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  address: field.optional(),
});
const contact = z.strictObject({
  type: z.literal('contact'),
  name: field.optional(),
  number: field.optional(),
  avatar: field.optional(),
});
// The schema makes `type` optional; an item without one carries no meaning, so we require it.
const payloadItem = z.discriminatedUnion('type', [media, location, contact], {
  error: 'payload item type must be one of photo, video, audio, document, location, contact',
});

const clientData = z.strictObject({
  client_id: id,
  client_phone: field.optional(),
  client_avatar: field.optional(),
  client_display_name: field.optional(),
  client_email: field.optional(),
  client_language: field.optional(),
  utm: z
    .strictObject({
      source: field.optional(),
      campaign: field.optional(),
      content: field.optional(),
      medium: field.optional(),
      term: field.optional(),
    })
    .optional(),
  page: z.strictObject({ url: field.optional(), title: field.optional() }).optional(),
  location: z
    .strictObject({
      latitude: z.number().optional(),
      longitude: z.number().optional(),
      country: field.optional(),
      country_code: field.optional(),
      region: field.optional(),
      region_code: field.optional(),
      city: field.optional(),
      ip_address: field.optional(),
    })
    .optional(),
  device: z
    .strictObject({ type: field.optional(), model: field.optional(), user_agent: field.optional() })
    .optional(),
});

const message = z
  .strictObject({
    message_id: id,
    text: z.string().max(MAX_TEXT_LENGTH).optional(),
    payload: z.array(payloadItem).max(MAX_PAYLOAD_ITEMS).optional(),
  })
  // Undocumented whether Kit takes an empty message; the simulator refuses one.
  .refine((m) => (m.text ?? '') !== '' || (m.payload?.length ?? 0) > 0, {
    message: 'message needs text or at least one payload item',
  });

const incomingEvent = z.strictObject({
  event_type: z.literal('send_message', { error: 'event_type must be "send_message"' }),
  event_id: id,
  client_data: clientData,
  event_data: z.strictObject({ message }),
});

export type ValidationResult = { ok: true; event: KitIncomingEvent } | { ok: false; error: string };

/** Validates an incoming event; the error names the first few offending paths. */
export function validateIncomingEvent(body: unknown): ValidationResult {
  const parsed = incomingEvent.safeParse(body);
  if (parsed.success) return { ok: true, event: parsed.data as KitIncomingEvent };
  const problems = parsed.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : 'body';
    return `${path}: ${issue.message}`;
  });
  return { ok: false, error: `Invalid event: ${problems.join('; ')}` };
}
