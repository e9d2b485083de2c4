// Russian strings, with Russian plural rules.
import type { Strings } from './index';

function plural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

export const ru: Strings = {
  openChat: 'Открыть чат',
  closeChat: 'Закрыть чат',
  unreadLabel: (n) => `${n} ${plural(n, 'непрочитанное сообщение', 'непрочитанных сообщения', 'непрочитанных сообщений')}`,
  statusOnline: 'В сети',
  offlineBanner: 'Нет подключения к интернету. Сообщения отправятся, когда связь восстановится.',
  reconnectingBanner: 'Соединение потеряно. Переподключаемся…',
  closedNotice: 'Этот диалог завершён.',
  closedByAgent: 'Оператор завершил этот диалог.',
  closedByBot: 'Ассистент завершил этот диалог.',
  closedByTimeout: 'Диалог завершён из-за отсутствия активности.',
  closedDivider: 'Диалог завершён',
  startNew: 'Начать новый диалог',
  menu: 'Ещё',
  composerLabel: 'Сообщение',
  composerPlaceholder: 'Напишите сообщение…',
  send: 'Отправить',
  charsLeft: (n) =>
    n >= 0
      ? `${plural(n, 'Остался', 'Осталось', 'Осталось')} ${n} ${plural(n, 'символ', 'символа', 'символов')}`
      : `Превышение на ${-n} ${plural(-n, 'символ', 'символа', 'символов')}`,
  pending: 'Ожидает сети',
  sending: 'Отправка…',
  accepted: 'Отправлено',
  delivered: 'Доставлено',
  failed: 'Не отправлено',
  retry: 'Повторить',
  today: 'Сегодня',
  yesterday: 'Вчера',
  you: 'Вы',
  agent: 'Поддержка',
  bot: 'Ассистент',
  attachment: 'Вложение',
  attach: 'Прикрепить файл',
  dropHere: 'Перетащите файлы сюда, чтобы прикрепить',
  sizeUnits: ['Б', 'КБ', 'МБ', 'ГБ'],
  location: 'Местоположение',
  openMap: 'Открыть карту',
  contact: 'Контакт',
  defaultTitle: 'Напишите нам',
  defaultGreeting: 'Здравствуйте! Чем можем помочь?',
  messages: 'Сообщения',

  attachments: 'Вложения',
  removeFile: (name) => `Удалить ${name}`,
  cancelUpload: (name) => `Отменить загрузку ${name}`,
  uploading: (name) => `Загрузка ${name}`,
  tooBig: (name, max) => `«${name}» слишком большой: можно отправлять файлы до ${max}.`,
  badType: (name) => `«${name}» нельзя отправить: файлы такого типа не принимаются.`,
  tooMany: (n) => `В одном сообщении можно отправить не больше ${n} ${plural(n, 'файла', 'файлов', 'файлов')}.`,
  lost: 'Вложение, не отправленное до закрытия страницы, было удалено.',
  refusedSize: 'Слишком большой для сервера',
  refusedType: 'Файлы такого типа не принимаются',
  uploadFailed: 'Не удалось загрузить',
  dismiss: 'Закрыть',

  name: 'Имя',
  email: 'Эл. почта',
  phone: 'Телефон',
  optional: (label) => `${label} (необязательно)`,
  fieldRequired: 'Заполните это поле.',
  emailInvalid: 'Введите адрес вида name@example.com.',
  phoneInvalid: 'Введите номер телефона, хотя бы 5 цифр.',

  awayStatus: 'Не в сети',
  awayUntil: (when) => `Не в сети · вернёмся ${when}`,
  awayNote: 'Сейчас нас нет на месте. Оставьте сообщение, и мы ответим, как только вернёмся.',
  awayNoteUntil: (when) => `Сейчас нас нет на месте, вернёмся ${when}. Оставьте сообщение, и мы ответим.`,
  emailAsk: 'Оставьте адрес почты, чтобы получить ответ, даже если закроете страницу.',
  emailSave: 'Сохранить',
  emailSkip: 'Пропустить',
  emailThanks: (email) => `Спасибо! Мы также ответим на ${email}.`,

  prechatIntro: 'Прежде чем начать, расскажите немного о себе.',
  privacy: ['Начиная чат, вы соглашаетесь с нашей ', 'политикой конфиденциальности', '.'],

  download: 'Скачать переписку',
  transcriptTitle: (title) => `Переписка: ${title}`,
  transcriptSaved: (when) => `Сохранено ${when}`,
  transcriptFile: 'perepiska',
  forget: 'Удалить переписку',
  forgetConfirm: 'Удалить переписку? Ваши сообщения, файлы и данные будут стёрты из чата без возможности восстановления.',
  forgetYes: 'Удалить',
  forgetNo: 'Отмена',
  forgetFailed: 'Не удалось удалить переписку. Попробуйте ещё раз, когда будете в сети.',

  loadingOlder: 'Загружаем более ранние сообщения…',
  olderFailed: 'Не удалось загрузить более ранние сообщения.',

  greetingClose: 'Закрыть',
};
