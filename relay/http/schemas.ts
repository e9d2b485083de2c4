// Request bodies and queries of the visitor API (README, The relay's API), as strict zod schemas with
// bounded lengths, plus the one place that turns a zod failure into a RelayError. Each schema
// is checked at compile time against its type in protocol/relay-api.ts (same fields, same
// types, at every depth), so the contract and the validation cannot drift apart.
import { z } from 'zod';
import type { MessagesQuery, SendMessageRequest, SessionRequest } from '../../protocol/relay-api';
import { RelayError } from '../errors';
import type { SameShape } from './same-shape';

const text = (max: number) => z.string().max(max);
const url = z.string().max(2048);

// A user id is the site's own: any printable text up to 255 characters. The hash is checked
// for its exact spelling in identity.ts; here only its length is bounded.
const USER_ID = /^[^\u0000-\u001f\u007f]{1,255}$/;

export const sessionSchema = z.strictObject({
  identity: z.strictObject({ userId: z.string().regex(USER_ID), userHash: z.string().max(128) }).optional(),
  profile: z.strictObject({
    name: text(200).optional(),
    email: text(320).optional(),
    phone: text(64).optional(),
  }).optional(),
  locale: z.string().max(35).regex(/^[A-Za-z0-9-]*$/).optional(),
  page: z.strictObject({ url: url.optional(), title: text(500).optional(), referrer: url.optional() }).optional(),
  utm: z.strictObject({
    source: text(200).optional(),
    medium: text(200).optional(),
    campaign: text(200).optional(),
    term: text(200).optional(),
    content: text(200).optional(),
  }).optional(),
});

const sessionMatchesContract: SameShape<z.output<typeof sessionSchema>, SessionRequest> = true;

export const MESSAGE_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function messageSchema(textMaxChars: number) {
  return z.strictObject({
    id: z.string().regex(MESSAGE_ID),
    text: z.string().trim().max(textMaxChars).optional(),
    attachments: z.array(z.strictObject({ fileId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/) })).max(10).optional(),
    page: z.strictObject({ url: url.optional(), title: text(500).optional() }).optional(),
  });
}

const messageMatchesContract: SameShape<z.output<ReturnType<typeof messageSchema>>, SendMessageRequest> = true;
void [sessionMatchesContract, messageMatchesContract];

const nonNegativeInt = z.string().regex(/^\d{1,15}$/).transform(Number);

export const listQuerySchema = z
  .object({
    after: nonNegativeInt.optional(),
    before: nonNegativeInt.optional(),
    limit: z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().int().min(1).max(500)).optional(),
  })
  .refine((q) => q.after === undefined || q.before === undefined, { path: ['before'], message: 'after and before exclude each other' });

const listMatchesContract: SameShape<z.output<typeof listQuerySchema>, MessagesQuery> = true;
void listMatchesContract;

/** Parses `input` or throws 400 INVALID_REQUEST naming the fields at fault (never their values). */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  if (result.error.issues.some((i) => i.code === 'too_big' && i.path.join('.') === 'text')) {
    throw new RelayError(400, 'TEXT_TOO_LONG', 'The message text is too long.');
  }
  const fields = [...new Set(result.error.issues.map((i) => describePath(i.path, i.code === 'unrecognized_keys' ? i.keys : undefined)))];
  throw new RelayError(400, 'INVALID_REQUEST', `Invalid request: check ${fields.slice(0, 5).join(', ')}.`);
}

function describePath(path: PropertyKey[], keys?: string[]): string {
  const base = path.map(String).join('.');
  if (keys?.length) return `unknown field${keys.length > 1 ? 's' : ''} ${keys.slice(0, 3).map((k) => (base ? `${base}.${k}` : k).slice(0, 64)).join(', ')}`;
  return base || 'the body';
}
