// GET /files/:fileId/:name (README, The relay's API): serves an upload under its unguessable id so Kit and
// the widget can fetch it. Never as active content: nosniff, a sandboxing CSP, downloads for
// anything that is not an image, audio, video or PDF. Supports single byte ranges (video).
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { notFound } from '../errors';
import { contentDisposition } from '../uploads/file-name';
import type { FileStore } from '../uploads/file-store';
import { isActiveType, isInlineType } from '../uploads/sniff';

export const FILE_CSP = "default-src 'none'; sandbox";
const CACHE_CONTROL = 'private, max-age=31536000, immutable';

export function filesRouter({ files }: { files: Pick<FileStore, 'stat' | 'get'> }): Router {
  const router = Router();

  router.get('/files/:fileId/:name', async (req, res) => {
    const meta = await files.stat(req.params.fileId);
    if (!meta || meta.name !== req.params.name) throw notFound();

    const etag = `"${meta.fileId}"`;
    res.setHeader('Content-Type', meta.type.startsWith('text/') && !meta.type.includes('charset') ? `${meta.type}; charset=utf-8` : meta.type);
    res.setHeader('Content-Disposition', contentDisposition(meta.name, isInlineType(meta.type) && !isActiveType(meta.type)));
    res.setHeader('Content-Security-Policy', FILE_CSP);
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', CACHE_CONTROL);
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }

    const range = parseRange(req.headers.range, meta.size);
    if (range === 'unsatisfiable') {
      res.setHeader('Content-Range', `bytes */${meta.size}`);
      res.status(416).end();
      return;
    }
    if (range) {
      res.status(206);
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${meta.size}`);
    }
    res.setHeader('Content-Length', String(range ? range.end - range.start + 1 : meta.size));
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const file = await files.get(meta.fileId, range);
    if (!file) throw notFound();
    await send(file.data, res);
  });

  return router;
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; anything else serves the whole file. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header ? /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}

async function send(data: Readable, res: NodeJS.WritableStream): Promise<void> {
  try {
    await pipeline(data, res);
  } catch (err) {
    // A reader that went away mid-file is not an error of ours.
    if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
  }
}
