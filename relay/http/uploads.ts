// POST /v1/uploads (README, The relay's API): one visitor file, as a raw body (`?name=` or `X-File-Name`)
// or as multipart/form-data with one file field. Size is enforced while reading; the type is
// sniffed from the content. Mounted before the JSON body parser, which must not touch it.
// Everything that can be refused from the headers is refused before a byte is read.
import { Router, type Request } from 'express';
import type { UploadResponse } from '../../protocol/relay-api';
import { MULTIPART_OVERHEAD_BYTES, multipartBoundary, readFilePart } from '../uploads/multipart';
import { RelayError } from '../errors';
import { fileTooLarge, type Uploads } from '../uploads/service';
import { visitorIdOf } from './auth';

export interface UploadsRouterDeps {
  uploads: Uploads;
  maxBytes: number;
}

const NAME_HINT_MAX_CHARS = 1024;
/** Outside a pair, a surrogate is a Cs code point of its own. */
const LONE_SURROGATE = /\p{Cs}/u;

export function uploadsRouter({ uploads, maxBytes }: UploadsRouterDeps): Router {
  const router = Router();

  router.post('/v1/uploads', async (req, res) => {
    const visitorId = visitorIdOf(res);
    const boundary = multipartBoundary(req.headers['content-type']);
    try {
      const raw = req.headers['content-length'];
      const declared = raw === undefined ? undefined : Number(raw);
      // Too big by its own account: answer before reading a byte of it.
      if (declared !== undefined && declared > maxBytes + (boundary ? MULTIPART_OVERHEAD_BYTES : 0)) throw fileTooLarge(maxBytes);
      // A file is stored as sent: an encoded body would be stored (and served) still encoded.
      const encoding = req.headers['content-encoding'];
      if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
        throw new RelayError(415, 'UNSUPPORTED_ENCODING', 'Send the file without a Content-Encoding.');
      }
      let stored;
      if (boundary) {
        const { part, file } = readFilePart(req, boundary, maxBytes);
        const info = await part;
        stored = await uploads.accept(visitorId, file, { ...(info.name ? { name: info.name } : {}), ...(info.type ? { declaredType: info.type } : {}) }, declared);
      } else {
        const name = nameHint(req);
        const declaredType = req.headers['content-type'];
        stored = await uploads.accept(visitorId, req, { ...(name ? { name } : {}), ...(declaredType ? { declaredType } : {}) }, declared);
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

/**
 * `?name=` or `X-File-Name` (percent-encoded for non-ASCII names). A name too long to be a
 * file's, or one that is not well-formed Unicode, is refused rather than cut: a cut can split
 * a surrogate pair, and a lone surrogate cannot become a URL.
 */
function nameHint(req: Request): string | undefined {
  const fromQuery = typeof req.query.name === 'string';
  const raw = fromQuery ? (req.query.name as string) : req.headers['x-file-name'];
  if (typeof raw !== 'string' || raw === '') return undefined;
  if (raw.length > NAME_HINT_MAX_CHARS) throw invalidName(`The file name is longer than ${NAME_HINT_MAX_CHARS} characters.`);
  let name = raw;
  if (!fromQuery) {
    try {
      name = decodeURIComponent(raw);
    } catch {
      // Not percent-encoded after all: keep it as sent.
    }
  }
  if (LONE_SURROGATE.test(name)) throw invalidName('The file name is not well-formed Unicode.');
  return name;
}

const invalidName = (message: string) => new RelayError(400, 'INVALID_FILE_NAME', message);
