import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signatureOf, signCallback, verifyCallbackSignature } from '../../../relay/webhook/signature';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('Kit callback signatures', () => {
  it('are the hex MD5 of salt:token:event_id', () => {
    expect(signCallback('salt', 'tok', 'ev-1')).toBe(md5('salt:tok:ev-1'));
  });

  it('verify bare, Bearer-prefixed and upper-case signatures', () => {
    const sig = md5('salt:tok:ev-1');
    for (const header of [sig, `Bearer ${sig}`, sig.toUpperCase(), `bearer ${sig.toUpperCase()}`]) {
      expect(verifyCallbackSignature(header, 'salt', 'tok', 'ev-1')).toBe(true);
    }
  });

  it('refuse a missing header, another event id, another token and other lengths', () => {
    const sig = md5('salt:tok:ev-1');
    expect(verifyCallbackSignature(undefined, 'salt', 'tok', 'ev-1')).toBe(false);
    expect(verifyCallbackSignature(sig, 'salt', 'tok', 'ev-2')).toBe(false);
    expect(verifyCallbackSignature(md5('salt:other:ev-1'), 'salt', 'tok', 'ev-1')).toBe(false);
    expect(verifyCallbackSignature(sig.slice(0, 31), 'salt', 'tok', 'ev-1')).toBe(false);
    expect(verifyCallbackSignature(`${sig}0`, 'salt', 'tok', 'ev-1')).toBe(false);
  });
});

describe('what counts as a signature at all', () => {
  it('is 32 hex characters, optionally after Bearer, and nothing else', () => {
    const sig = md5('x');
    expect(signatureOf(sig)).toBe(sig);
    expect(signatureOf(` Bearer ${sig.toUpperCase()} `)).toBe(sig);
    for (const header of [undefined, '', 'Bearer', sig.slice(1), `${sig}0`, 'g'.repeat(32), `Basic ${sig}`, `${sig} ${sig}`, ' '.repeat(200) + sig]) {
      expect(signatureOf(header)).toBeUndefined();
    }
  });
});
