// Upload calls against the relay harness: raw bodies with `?name=`, and multipart forms.
import type { Harness } from '../app/harness';

export function upload(h: Harness, token: string | undefined, body: Uint8Array, options: { type?: string; name?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': options.type ?? 'application/octet-stream' };
  if (token) headers.authorization = `Bearer ${token}`;
  const query = options.name === undefined ? '' : `?name=${encodeURIComponent(options.name)}`;
  return fetch(`${h.url}/v1/uploads${query}`, { method: 'POST', headers, body: new Uint8Array(body) });
}

export function uploadForm(h: Harness, token: string, body: Uint8Array, options: { type?: string; name: string }) {
  const form = new FormData();
  form.append('note', 'from the widget');
  form.append('file', new Blob([new Uint8Array(body)], { type: options.type ?? '' }), options.name);
  return fetch(`${h.url}/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
}

/** The relay's public file URL rewritten to the harness's real address. */
export const local = (h: Harness, url: string) => url.replace(h.config.publicUrl, h.url);
