import { describe, expect, it } from 'vitest';
import { contentDisposition, NAME_MAX_CHARS, sanitiseName, withTypeExtension } from '../../../relay/uploads/file-name';

describe('sanitiseName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\ivan\\label.pdf', 'label.pdf'],
    ['in\u0000voice\r\n.pdf', 'invoice.pdf'],
    ['gpj.\u202Eexe.pdf', 'gpj.exe.pdf'],
    ['  ..hidden  ', 'hidden'],
    ['', 'file'],
    ['<>:"|?*', 'file'],
    ['Счёт №5.pdf', 'Счёт №5.pdf'],
  ])('turns %j into %j', (raw, safe) => {
    expect(sanitiseName(raw)).toBe(safe);
  });

  it('drops a lone surrogate, which no URL could carry', () => {
    expect(sanitiseName('ab\ud83d')).toBe('ab');
    expect(sanitiseName('\ude00photo.png')).toBe('photo.png');
    expect(sanitiseName('ok 😀.png')).toBe('ok 😀.png');
  });

  it('bounds the length and keeps the extension', () => {
    const name = sanitiseName(`${'a'.repeat(500)}.pdf`);
    expect(name.length).toBeLessThanOrEqual(NAME_MAX_CHARS);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('withTypeExtension', () => {
  it('keeps a matching extension and appends the right one otherwise', () => {
    expect(withTypeExtension('photo.JPG', 'image/jpeg')).toBe('photo.JPG');
    expect(withTypeExtension('invoice.pdf', 'image/png')).toBe('invoice.pdf.png');
    expect(withTypeExtension('setup.exe', 'text/plain')).toBe('setup.exe.txt');
    expect(withTypeExtension('notes', 'text/plain')).toBe('notes.txt');
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name per RFC 5987', () => {
    expect(contentDisposition('Счёт "5".pdf', true)).toBe(
      `inline; filename="____ _5_.pdf"; filename*=UTF-8''%D0%A1%D1%87%D1%91%D1%82%20%225%22.pdf`,
    );
    expect(contentDisposition("it's.txt", false)).toBe(`attachment; filename="it's.txt"; filename*=UTF-8''it%27s.txt`);
  });
});
