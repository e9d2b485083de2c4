// Small files with real signatures for upload tests: enough bytes for the sniffer to decide,
// built in code so no binary lives in the repository.
const utf16 = (s: string) => Buffer.from(s, 'utf16le');

export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(64, 1)]);
export const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0x80, 0, 0])]);
export const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(32)]);
export const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
export const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), Buffer.from('[Content_Types].xml'), Buffer.alloc(40), Buffer.from('word/document.xml'), Buffer.alloc(40)]);
export const XLSX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), Buffer.from('[Content_Types].xml'), Buffer.alloc(40), Buffer.from('xl/workbook.xml')]);
export const PLAIN_ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), Buffer.from('payload/run.sh'), Buffer.alloc(40)]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
export const DOC = Buffer.concat([OLE_MAGIC, Buffer.alloc(1024), utf16('Root Entry'), Buffer.alloc(54), utf16('WordDocument')]);
export const XLS = Buffer.concat([OLE_MAGIC, Buffer.alloc(1024), utf16('Workbook')]);
export const MSI = Buffer.concat([OLE_MAGIC, Buffer.alloc(1024), utf16('Root Entry'), utf16('\u4840\u3b3f')]);
export const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 0, 0]), Buffer.alloc(32, 0xaa)]);
export const MP3_FRAME = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(64)]);
export const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(32)]);
export const WAV = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WAVEfmt '), Buffer.alloc(32)]);
const ftyp = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from(`ftyp${brand}`), Buffer.alloc(32)]);
export const MP4 = ftyp('isom');
export const MOV = ftyp('qt  ');
export const M4A = ftyp('M4A ');
export const WEBM = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84]), Buffer.from('webm'), Buffer.alloc(32)]);
export const TEXT = Buffer.from('Order 5531: two boxes, please call before delivery.\nСпасибо!\n');
export const CSV = Buffer.from('order,qty\n5531,2\n');
export const HTML = Buffer.from('<!DOCTYPE html><html><body><script>fetch("/v1/messages")</script></body></html>');
export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>');
export const XML_SVG = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
export const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0, 0, 0, 4, 0]), Buffer.alloc(56), Buffer.from('This program cannot be run in DOS mode.')]);
/** Deterministic bytes that match no signature and are not text. */
export const RANDOM = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) & 0xff));
