import { describe, expect, it } from 'vitest';
import { isInlineType, isUtf8Text, kindOf, sniffType } from '../../../relay/uploads/sniff';
import * as f from './fixtures';

const sniff = (bytes: Buffer, name = 'file', declaredType?: string) =>
  sniffType({ head: bytes, tail: bytes, utf8Text: isUtf8Text(bytes), name, ...(declaredType ? { declaredType } : {}) });

describe('sniffType', () => {
  it.each([
    ['PNG', f.PNG, 'image/png'],
    ['JPEG', f.JPEG, 'image/jpeg'],
    ['GIF', f.GIF, 'image/gif'],
    ['WebP', f.WEBP, 'image/webp'],
    ['PDF', f.PDF, 'application/pdf'],
    ['DOCX', f.DOCX, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['XLSX', f.XLSX, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['DOC', f.DOC, 'application/msword'],
    ['XLS', f.XLS, 'application/vnd.ms-excel'],
    ['MP3 with ID3', f.MP3, 'audio/mpeg'],
    ['MP3 frame', f.MP3_FRAME, 'audio/mpeg'],
    ['OGG', f.OGG, 'audio/ogg'],
    ['WAV', f.WAV, 'audio/wav'],
    ['MP4', f.MP4, 'video/mp4'],
    ['MOV', f.MOV, 'video/quicktime'],
    ['M4A', f.M4A, 'audio/mp4'],
    ['WebM', f.WEBM, 'video/webm'],
    ['UTF-8 text', f.TEXT, 'text/plain'],
  ])('recognises %s from its bytes', (_name, bytes, type) => {
    expect(sniff(bytes)).toBe(type);
  });

  it('ignores the declared type: a PNG declared as a PDF is a PNG', () => {
    expect(sniff(f.PNG, 'invoice.pdf', 'application/pdf')).toBe('image/png');
  });

  it('tells CSV from plain text by the name or the declared type only when the bytes are text', () => {
    expect(sniff(f.CSV, 'orders.csv')).toBe('text/csv');
    expect(sniff(f.CSV, 'orders', 'text/csv')).toBe('text/csv');
    expect(sniff(f.RANDOM, 'orders.csv', 'text/csv')).toBeUndefined();
  });

  it.each([
    ['HTML', f.HTML, 'text/html'],
    ['SVG with script', f.SVG, 'image/svg+xml'],
    ['XML-declared SVG', f.XML_SVG, 'image/svg+xml'],
  ])('names %s markup as such, never as plain text', (_name, bytes, type) => {
    expect(sniff(bytes, 'notes.txt', 'text/plain')).toBe(type);
  });

  it.each([
    ['a Windows executable', f.EXE],
    ['random bytes', f.RANDOM],
    ['a plain ZIP', f.PLAIN_ZIP],
    ['an OLE file that is not Office (an installer)', f.MSI],
  ])('recognises nothing in %s', (_name, bytes) => {
    expect(sniff(bytes, 'file.pdf', 'application/pdf')).toBeUndefined();
  });
});

describe('kindOf and isInlineType', () => {
  it('shows images, audio, video and PDF in place and everything else as a download', () => {
    expect(['image/png', 'audio/mpeg', 'video/mp4', 'application/pdf'].every(isInlineType)).toBe(true);
    expect(['text/plain', 'application/msword', 'image/svg+xml', 'text/html'].some(isInlineType)).toBe(false);
  });

  it('maps types to mailbox attachment kinds, with SVG as a plain file', () => {
    expect(['image/png', 'video/webm', 'audio/ogg', 'application/pdf', 'image/svg+xml'].map(kindOf)).toEqual(['image', 'video', 'audio', 'file', 'file']);
  });
});
