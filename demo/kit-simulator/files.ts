// Files the operator sends from the console: kept in memory (bounded), typed by their bytes
// with the relay's sniffer, and served from the simulator's own origin so a callback can
// carry a `file_url` (docs/kit-api.md §4.3) just as Kit's file storage would.
import { randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import type { KitPayloadItem } from '../../protocol/kit-api';
import { contentDisposition, sanitiseName, withTypeExtension } from '../../relay/uploads/file-name';
import { isActiveType, isInlineType, isUtf8Text, sniffType } from '../../relay/uploads/sniff';
import { SimulatorError } from './operator';

export const SIM_FILE_MAX_BYTES = 10 * 1024 * 1024;
const SIM_FILES_MAX_TOTAL_BYTES = 100 * 1024 * 1024;

export interface SimFile {
  id: string;
  name: string;
  type: string;
  bytes: Buffer;
}

export class SimulatorFiles {
  private readonly files = new Map<string, SimFile>();
  private total = 0;

  constructor(private readonly baseUrl: string) {}

  /** Stores a file; 415 for a type Kit media items cannot carry or that could run script. */
  add(rawName: string | undefined, bytes: Buffer): SimFile {
    if (bytes.length === 0) throw new SimulatorError(400, 'the file is empty');
    const name = sanitiseName(rawName);
    const type = sniffType({ head: bytes.subarray(0, 4096), tail: bytes.subarray(-4096), utf8Text: isUtf8Text(bytes), name });
    if (!type || isActiveType(type)) throw new SimulatorError(415, 'this type of file is not supported');
    const file: SimFile = { id: randomBytes(18).toString('base64url'), name: withTypeExtension(name, type), type, bytes };
    this.files.set(file.id, file);
    this.total += bytes.length;
    // Oldest first (Map order) until the total fits again.
    for (const [id, old] of this.files) {
      if (this.total <= SIM_FILES_MAX_TOTAL_BYTES || id === file.id) break;
      this.files.delete(id);
      this.total -= old.bytes.length;
    }
    return file;
  }

  get(id: string): SimFile | undefined {
    return this.files.get(id);
  }

  urlOf(file: SimFile): string {
    return `${this.baseUrl}/files/${file.id}/${encodeURIComponent(file.name)}`;
  }

  /** The Kit media payload item for a stored file. */
  payloadItem(id: string): KitPayloadItem {
    const file = this.files.get(id);
    if (!file) throw new SimulatorError(404, 'no such file; upload it again');
    const kind = file.type.startsWith('image/') ? 'photo' : file.type.startsWith('video/') ? 'video' : file.type.startsWith('audio/') ? 'audio' : 'document';
    return { type: kind, file_name: file.name, file_url: this.urlOf(file) };
  }
}

/**
 * `POST /admin/uploads` (raw body, name in `X-File-Name`: a custom header a cross-site form
 * cannot send) and `GET /files/:id/:name`, served never as active content.
 */
export function fileRoutes(files: SimulatorFiles): Router {
  const router = express.Router();
  router.post('/admin/uploads', express.raw({ type: () => true, limit: SIM_FILE_MAX_BYTES }), (req, res) => {
    const header = req.headers['x-file-name'];
    if (typeof header !== 'string' || header === '') return res.status(400).json({ error: 'send the file name in X-File-Name' });
    let name = header.slice(0, 1024);
    try {
      name = decodeURIComponent(name);
    } catch {
      // Not percent-encoded: use it as sent.
    }
    const file = files.add(name, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    res.status(201).json({ fileId: file.id, url: files.urlOf(file), name: file.name, type: file.type, size: file.bytes.length });
  });

  router.get('/files/:id/:name', (req, res) => {
    const file = files.get(req.params.id);
    if (!file || file.name !== req.params.name) return res.status(404).json({ error: 'no such file' });
    res.set({
      'content-type': file.type.startsWith('text/') ? `${file.type}; charset=utf-8` : file.type,
      'content-disposition': contentDisposition(file.name, isInlineType(file.type)),
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'cross-origin',
      'cache-control': 'private, max-age=3600',
    });
    res.end(file.bytes);
  });

  router.use('/admin/uploads', (error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error instanceof SimulatorError) return res.status(error.status).json({ error: error.message });
    if ((error as { type?: string }).type === 'entity.too.large') return res.status(413).json({ error: 'file too large' });
    next(error);
  });
  return router;
}
