// POST /v1/uploads (DESIGN §3): one visitor file, as a raw body (`?name=` or `X-File-Name`)
// or as multipart/form-data with one file field. Size is enforced while reading; the type is
// sniffed from the content. Mounted before the JSON body parser, which must not touch it.
import { Router, type Request } from 'express';
import type { UploadResponse } from '../../protocol/relay-api';
import { MULTIPART_OVERHEAD_BYTES, multipartBoundary, readFilePart } from '../uploads/multipart';
import { fileTooLarge, type Uploads } from '../uploads/service';
import { visitorIdOf } from './auth';

export interface UploadsRouterDeps {
  uploads: Uploads;
  maxBytes: number;
}

const NAME_HINT_MAX_CHARS = 1024;

export function uploadsRouter({ uploads, maxBytes }: UploadsRouterDeps): Router {
  const router = Router();

  router.post('/v1/uploads', async (req, res) => {
    const visitorId = visitorIdOf(res);
    const boundary = multipartBoundary(req.headers['content-type']);
    try {
      const declared = Number(req.headers['content-length']);
      // Too big by its own account: answer before reading a byte of it.
      if (Number.isFinite(declared) && declared > maxBytes + (boundary ? MULTIPART_OVERHEAD_BYTES : 0)) throw fileTooLarge(maxBytes);
      let stored;
      if (boundary) {
        const { part, file } = readFilePart(req, boundary, maxBytes);
        const info = await part;
        stored = await uploads.accept(visitorId, file, { ...(info.name ? { name: info.name } : {}), ...(info.type ? { declaredType: info.type } : {}) });
      } else {
        const name = nameHint(req);
        const declaredType = req.headers['content-type'];
        stored = await uploads.accept(visitorId, req, { ...(name ? { name } : {}), ...(declaredType ? { declaredType } : {}) });
      }
      const answer: UploadResponse = { fileId: stored.fileId, url: uploads.urlOf(stored), name: stored.name, size: stored.size, type: stored.type };
      res.status(201).json(answer);
    } catch (err) {
      // The rest of a refused body is never read: close the connection after the answer.
      if (!req.complete) res.setHeader('Connection', 'close');
      throw err;
    }
  });

  return router;
}

/** `?name=` or `X-File-Name` (percent-encoded for non-ASCII names), bounded before sanitising. */
function nameHint(req: Request): string | undefined {
  const raw = typeof req.query.name === 'string' ? req.query.name : req.headers['x-file-name'];
  if (typeof raw !== 'string' || raw === '') return undefined;
  const bounded = raw.slice(0, NAME_HINT_MAX_CHARS);
  if (typeof req.query.name === 'string') return bounded;
  try {
    return decodeURIComponent(bounded);
  } catch {
    return bounded;
  }
}
