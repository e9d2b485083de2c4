// Copies an operator message's attachments and the sender's avatar into the relay's file
// store before the message enters the mailbox, so the widget loads every image from the relay:
// a page whose CSP allows only the relay's origin shows them, visitors' addresses never reach
// third-party hosts, and history outlives Kit's expiring file links. The copy goes through the
// upload pipeline (size limit, type sniffed from the bytes, the visitor's quota, erased with the
// visitor). It is bounded by a short deadline because the callback waits for it; whatever is not
// copied in time keeps its original link, as a link (kind `file`), and an avatar that could not be
// copied is left out (the widget shows initials) rather than loaded from elsewhere.
import { basename } from 'node:path';
import type { Attachment, ChatMessage } from '../../protocol/relay-api';
import type { Logger } from '../log';
import type { Uploads } from '../uploads/service';
import { fetchMedia, MediaFetchError, type ResolveAll } from './fetch-media';

/** How long a callback may wait for its media; Kit waits for the callback's answer. */
export const MEDIA_COPY_TIMEOUT_MS = 3_000;
/** Avatars copied per visitor are reused for this long instead of copied with every message. */
const AVATAR_REUSE_MS = 60 * 60_000;
const AVATAR_CACHE_MAX = 5_000;
/** An avatar that could not be copied is not tried again for this long, for any visitor. */
const AVATAR_RETRY_MS = 60_000;

export interface MediaCopierOptions {
  uploads: Pick<Uploads, 'accept' | 'resolve' | 'urlOf'>;
  allowedHosts: readonly string[];
  maxBytes: number;
  log: Logger;
  timeoutMs?: number;
  resolve?: ResolveAll;
  now?: () => number;
}

export type MediaCopier = (visitorId: string, message: ChatMessage) => Promise<ChatMessage>;

export function createMediaCopier(options: MediaCopierOptions): MediaCopier {
  const { uploads, log } = options;
  const timeoutMs = options.timeoutMs ?? MEDIA_COPY_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  const avatars = new Map<string, { url: string; at: number }>();
  const failedAvatars = new Map<string, number>();
  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    if (map.size >= AVATAR_CACHE_MAX) map.delete(map.keys().next().value!);
    map.set(key, value);
  };

  async function copy(visitorId: string, url: string, name: string | undefined, signal: AbortSignal): Promise<string> {
    const res = await fetchMedia(url, { allowedHosts: options.allowedHosts, signal, maxBytes: options.maxBytes, ...(options.resolve ? { resolve: options.resolve } : {}) });
    const declared = res.headers['content-type']?.split(';')[0]?.trim();
    const length = Number(res.headers['content-length']);
    const stored = await uploads.accept(visitorId, res, { name: name ?? nameFromUrl(url), ...(declared ? { declaredType: declared } : {}) }, Number.isFinite(length) ? length : undefined);
    await uploads.resolve(visitorId, [stored.fileId]); // attached: the unattached sweep keeps it
    return uploads.urlOf(stored);
  }

  async function attachment(visitorId: string, a: Attachment, signal: AbortSignal): Promise<Attachment> {
    if (!a.url || !['image', 'video', 'audio', 'file'].includes(a.kind)) return a;
    try {
      return { ...a, url: await copy(visitorId, a.url, a.name, signal) };
    } catch (err) {
      log.warn({ visitorId, reason: reason(err) }, 'operator attachment not copied: keeping its link');
      return { ...a, kind: 'file' };
    }
  }

  async function avatar(visitorId: string, url: string, signal: AbortSignal): Promise<string | undefined> {
    const key = `${visitorId}\n${url}`;
    const known = avatars.get(key);
    if (known && now() - known.at < AVATAR_REUSE_MS) return known.url;
    // Every message of an operator names the same avatar: one that failed does not hold up each callback.
    if (now() - (failedAvatars.get(url) ?? -Infinity) < AVATAR_RETRY_MS) return undefined;
    try {
      const copied = await copy(visitorId, url, 'avatar', signal);
      remember(avatars, key, { url: copied, at: now() });
      return copied;
    } catch (err) {
      remember(failedAvatars, url, now());
      log.warn({ visitorId, reason: reason(err) }, 'operator avatar not copied: leaving it out');
      return undefined;
    }
  }

  return async (visitorId, message) => {
    const avatarUrl = message.sender?.avatarUrl;
    if (!message.attachments?.some((a) => a.url) && !avatarUrl) return message;
    const signal = AbortSignal.timeout(timeoutMs);
    const [attachments, copiedAvatar] = await Promise.all([
      message.attachments ? Promise.all(message.attachments.map((a) => attachment(visitorId, a, signal))) : undefined,
      avatarUrl ? avatar(visitorId, avatarUrl, signal) : undefined,
    ]);
    const out: ChatMessage = { ...message };
    if (attachments) out.attachments = attachments;
    if (message.sender) {
      const { avatarUrl: _original, ...sender } = message.sender;
      out.sender = copiedAvatar ? { ...sender, avatarUrl: copiedAvatar } : sender;
    }
    return out;
  };
}

function nameFromUrl(url: string): string {
  try {
    return decodeURIComponent(basename(new URL(url).pathname)) || 'file';
  } catch {
    return 'file';
  }
}

/** A short, URL-free reason for the log. */
function reason(err: unknown): string {
  if (err instanceof MediaFetchError) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? code : (err as Error)?.name ?? 'UNKNOWN';
}
