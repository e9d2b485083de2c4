// POST /v1/messages (accept into the outbox, idempotent on the widget's id) and
// GET /v1/messages (the mailbox as JSON, paged forwards with `after` or backwards with
// `before`). A message is 202 only once it is durably stored.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Config } from '../config';
import { badRequest, unauthorized } from '../errors';
import type { KitIncomingEvent } from '../../protocol/kit-api';
import type { Metrics } from '../metrics';
import type { OutgoingMessage } from '../outbox/kit-event';
import type { MessageEntry, MessageStatus, MessagesPage, SendMessageResponse } from '../../protocol/relay-api';
import type { Store, VisitorRecord } from '../store/types';
import type { Uploads } from '../uploads/service';
import { visitorIdOf } from './auth';
import { listQuerySchema, messageSchema, parseOrThrow } from './schemas';

export type BuildKitEvent = (
  visitor: VisitorRecord,
  message: OutgoingMessage,
  eventId: string,
) => KitIncomingEvent;

export interface MessagesDeps {
  config: Pick<Config, 'limits'>;
  store: Pick<Store, 'getVisitor' | 'accept' | 'list' | 'listBefore' | 'lastSeq'>;
  outbox: { kick(): void };
  buildKitEvent: BuildKitEvent;
  /** Resolves `attachments: [{fileId}]` to the visitor's own uploads. */
  uploads: Pick<Uploads, 'resolve' | 'urlOf' | 'attachmentOf'>;
  metrics: Pick<Metrics, 'messagesIn'>;
  now: () => number;
}

const DEFAULT_LIMIT = 100;
/** How far past a repeated message we look for its latest status. */
const STATUS_SCAN = 500;

export function messagesRouter({ config, store, outbox, buildKitEvent, uploads, metrics, now }: MessagesDeps): Router {
  const router = Router();
  const schema = messageSchema(config.limits.textMaxChars);

  router.post('/v1/messages', async (req, res) => {
    const visitorId = visitorIdOf(res);
    const body = parseOrThrow(schema, req.body);
    const fileIds = (body.attachments ?? []).map((a) => a.fileId);
    if (!body.text && fileIds.length === 0) throw badRequest('EMPTY_MESSAGE', 'A message needs text or an attachment.');
    const files = fileIds.length > 0 ? await uploads.resolve(visitorId, fileIds) : [];

    const visitor = await store.getVisitor(visitorId);
    if (!visitor) throw unauthorized('The visitor token is invalid or expired.');
    const at = now();
    const entry: Omit<MessageEntry, 'seq'> = {
      type: 'message',
      message: {
        id: body.id,
        from: 'visitor',
        ...(body.text ? { text: body.text } : {}),
        ...(files.length > 0 ? { attachments: files.map((f) => uploads.attachmentOf(f)) } : {}),
        createdAt: new Date(at).toISOString(),
        status: 'accepted',
      },
    };
    const attachments = files.map((f) => ({ url: uploads.urlOf(f), name: f.name, type: f.type }));
    const message = { id: body.id, ...(body.text ? { text: body.text } : {}), ...(attachments.length > 0 ? { attachments } : {}), ...(body.page ? { page: body.page } : {}) };
    const event = buildKitEvent(visitor, message, randomUUID());
    const result = await store.accept(visitorId, entry, { visitorId, messageId: body.id, event, acceptedAt: at });
    let status: MessageStatus = result.entry.message.status ?? 'accepted';
    if (result.duplicate) status = await currentStatus(visitorId, result.entry);
    else {
      metrics.messagesIn.inc();
      outbox.kick();
    }
    const answer: SendMessageResponse = { id: body.id, seq: result.entry.seq, status };
    res.status(202).json(answer);
  });

  router.get('/v1/messages', async (req, res) => {
    const visitorId = visitorIdOf(res);
    const query = parseOrThrow(listQuerySchema, { after: req.query.after, before: req.query.before, limit: req.query.limit });
    const limit = query.limit ?? DEFAULT_LIMIT;
    const listing = query.before !== undefined ? store.listBefore(visitorId, query.before, limit) : store.list(visitorId, query.after ?? 0, limit);
    const [messages, lastSeq] = await Promise.all([listing, store.lastSeq(visitorId)]);
    const page: MessagesPage = { messages, lastSeq };
    res.json(page);
  });

  /** A repeat answers with the message's status now: its latest status entry, if any. */
  async function currentStatus(visitorId: string, first: MessageEntry): Promise<MessageStatus> {
    let status: MessageStatus = first.message.status ?? 'accepted';
    const later = await store.list(visitorId, first.seq, STATUS_SCAN);
    for (const e of later) if (e.type === 'status' && e.id === first.message.id) status = e.status;
    return status;
  }

  return router;
}
