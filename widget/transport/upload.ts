// Visitor attachments (POST /v1/uploads) over XMLHttpRequest, the one browser API that reports
// upload progress. Raw body with the file's type; the name travels in `?name=`.
import type { UploadResponse } from '../../protocol/relay-api';
import { errorForStatus, TransportError } from './errors';
import type { UploadOptions } from './types';

export const UPLOAD_TIMEOUT_MS = 120_000;

type Answer = Partial<UploadResponse> & { error?: { code?: unknown } };

export function uploadFile(win: Window, base: string, token: string, file: File, options: UploadOptions = {}): Promise<UploadResponse> {
  return new Promise((resolve, reject) => {
    const { signal, onProgress } = options;
    if (signal?.aborted) return reject(new TransportError('ABORTED'));
    const xhr = new (win as Window & typeof globalThis).XMLHttpRequest();
    xhr.open('POST', `${base}/v1/uploads?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.timeout = UPLOAD_TIMEOUT_MS;
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded, e.total);
    xhr.onload = () => {
      let body: Answer | null = null;
      try {
        body = JSON.parse(xhr.responseText) as Answer;
      } catch {
        /* not JSON */
      }
      if (xhr.status < 200 || xhr.status > 299) {
        const code = body?.error?.code;
        return reject(errorForStatus(xhr.status, typeof code === 'string' ? code.slice(0, 64) : undefined));
      }
      if (typeof body?.fileId !== 'string' || typeof body.url !== 'string') return reject(new TransportError('REJECTED', xhr.status));
      let url = '';
      try {
        url = new URL(body.url, `${base}/`).href; // the relay may answer with a path
      } catch {
        /* left empty: shown without a link */
      }
      resolve({
        fileId: body.fileId,
        url,
        name: typeof body.name === 'string' ? body.name : file.name,
        size: Number.isFinite(body.size) ? body.size! : file.size,
        type: typeof body.type === 'string' ? body.type : file.type,
      });
    };
    xhr.onerror = () => reject(new TransportError('NETWORK'));
    xhr.ontimeout = () => reject(new TransportError('TIMEOUT'));
    xhr.onabort = () => reject(new TransportError('ABORTED'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
