// Uploads in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2), so any relay serves any
// file. One object per file under `files/<fileId>`, its metadata in the object's own user
// metadata: a PUT is atomic, so a file is visible whole or not at all, and one DELETE removes
// it. Bytes stream both ways; nothing holds a whole file in memory.
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { FilesConfig } from '../config';
import { RelayError } from '../errors';
import { FILE_ID, type FileStore, type StoredFile } from './file-store';

export type S3FilesConfig = Extract<FilesConfig, { kind: 's3' }>;

const KEY_PREFIX = 'files/';
/** S3 lower-cases user metadata names; the JSON travels base64url-encoded, as headers must be ASCII. */
const META_KEY = 'kit-chat-meta';
/** What a caller is told to wait when the bucket cannot be reached. */
const RETRY_AFTER_S = 5;

export interface S3FileStore extends FileStore {
  /** Ends the client's sockets (shutdown). */
  close(): void;
}

export function createS3FileStore(config: S3FilesConfig, options: { timeoutMs?: number } = {}): S3FileStore {
  const client = new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    // A copy: the SDK marks up the object it is given, and config is frozen.
    ...(config.credentials ? { credentials: { ...config.credentials } } : {}),
    // Checksums only where S3 requires them: the default trailer checksums on a streamed body
    // (aws-chunked) are not understood by every S3-compatible server.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: options.timeoutMs ?? 60_000 },
  });
  const Bucket = config.bucket;
  const keyOf = (fileId: string) => (FILE_ID.test(fileId) ? `${KEY_PREFIX}${fileId}` : undefined);

  /** A missing object is undefined (when asked for); anything else the bucket answers is a 503 to retry. */
  async function call<T>(send: () => Promise<T>, missing: 'undefined' | 'error' = 'undefined'): Promise<T | undefined> {
    try {
      return await send();
    } catch (err) {
      if (missing === 'undefined' && isNotFound(err)) return undefined;
      throw new RelayError(503, 'UNAVAILABLE', 'Files are unavailable right now; try again shortly.', { cause: err, expose: true, retryAfterS: RETRY_AFTER_S });
    }
  }

  async function stat(fileId: string): Promise<StoredFile | undefined> {
    const Key = keyOf(fileId);
    if (!Key) return undefined;
    const head = await call(() => client.send(new HeadObjectCommand({ Bucket, Key })));
    return head && metaOf(fileId, head.Metadata);
  }

  return {
    async put(meta, data) {
      const Key = keyOf(meta.fileId);
      if (!Key) throw new Error('invalid file id');
      const metadata = Buffer.from(JSON.stringify(meta)).toString('base64url');
      // The SDK pipes the body without watching it: a body that fails must abort the request,
      // or S3 would wait for the promised bytes and the put would never settle.
      const abort = new AbortController();
      let failure: unknown;
      const onError = (err: unknown) => {
        failure = err;
        abort.abort();
      };
      data.once('error', onError);
      try {
        // ContentLength lets the SDK stream the body as it comes instead of buffering it.
        const put = new PutObjectCommand({ Bucket, Key, Body: data, ContentLength: meta.size, ContentType: 'application/octet-stream', Metadata: { [META_KEY]: metadata } });
        await call(() => client.send(put, { abortSignal: abort.signal }), 'error');
      } catch (err) {
        throw failure ?? err;
      } finally {
        data.off('error', onError);
      }
    },
    async get(fileId, range) {
      const Key = keyOf(fileId);
      if (!Key) return undefined;
      const object = await call(() => client.send(new GetObjectCommand({ Bucket, Key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) })));
      const meta = object && metaOf(fileId, object.Metadata);
      if (!object?.Body || !meta) {
        (object?.Body as Readable | undefined)?.destroy();
        return undefined;
      }
      return { meta, data: object.Body as Readable };
    },
    stat,
    async delete(fileId) {
      const Key = keyOf(fileId);
      if (Key) await call(() => client.send(new DeleteObjectCommand({ Bucket, Key })));
    },
    close() {
      client.destroy();
    },
  };
}

function metaOf(fileId: string, metadata: Record<string, string> | undefined): StoredFile | undefined {
  const raw = metadata?.[META_KEY];
  if (!raw) return undefined; // not an object this relay wrote
  try {
    const meta = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as StoredFile;
    return meta.fileId === fileId ? meta : undefined;
  } catch {
    return undefined;
  }
}

function isNotFound(err: unknown): boolean {
  // HEAD answers a bare 404 (NotFound), GET names it; NoSuchBucket is a configuration error.
  return err instanceof S3ServiceException && (err.name === 'NotFound' || err.name === 'NoSuchKey');
}
