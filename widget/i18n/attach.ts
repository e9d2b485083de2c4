// Strings of the attachment composer, which ships in its own chunk with both languages.
const en = {
  attachments: 'Attachments',
  removeFile: (name: string) => `Remove ${name}`,
  cancelUpload: (name: string) => `Cancel uploading ${name}`,
  uploading: (name: string) => `Uploading ${name}`,
  tooBig: (name: string, max: string) => `“${name}” is too large: files up to ${max} can be sent.`,
  badType: (name: string) => `“${name}” cannot be sent: this type of file is not accepted.`,
  tooMany: (n: number) => `Up to ${n} files can be sent in one message.`,
  lost: 'An attachment that was not sent before the page closed was discarded.',
  refusedSize: 'Too large for the server',
  refusedType: 'This type of file is not accepted',
  uploadFailed: 'Upload failed',
  dismiss: 'Dismiss',
};

export type AttachStrings = typeof en;

const ru: AttachStrings = {
  attachments: 'Вложения',
  removeFile: (name) => `Удалить ${name}`,
  cancelUpload: (name) => `Отменить загрузку ${name}`,
  uploading: (name) => `Загрузка ${name}`,
  tooBig: (name, max) => `«${name}» слишком большой: можно отправлять файлы до ${max}.`,
  badType: (name) => `«${name}» нельзя отправить: файлы такого типа не принимаются.`,
  tooMany: (n) => `В одном сообщении можно отправить не больше ${n} файлов.`,
  lost: 'Вложение, не отправленное до закрытия страницы, было удалено.',
  refusedSize: 'Слишком большой для сервера',
  refusedType: 'Файлы такого типа не принимаются',
  uploadFailed: 'Не удалось загрузить',
  dismiss: 'Закрыть',
};

export const attachStrings = (locale: string): AttachStrings => (locale === 'ru' ? ru : en);
