import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signCallback, verifyCallbackSignature } from '../../../relay/webhook/signature';

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
