// Russian strings, with Russian plural rules.
import type { Strings } from './en';

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
  minimizeChat: 'Свернуть чат',
  unreadLabel: (n) => `${n} ${plural(n, 'непрочитанное сообщение', 'непрочитанных сообщения', 'непрочитанных сообщений')}`,
  statusOnline: 'В сети',
  statusConnecting: 'Подключение…',
  statusOffline: 'Нет сети',
  offlineBanner: 'Нет подключения к интернету. Сообщения отправятся, когда связь восстановится.',
  reconnectingBanner: 'Соединение потеряно. Переподключаемся…',
  closedNotice: 'Этот диалог завершён. Напишите сообщение, чтобы начать новый.',
  closedDivider: 'Диалог завершён',
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
  error: 'Что-то пошло не так. Перезагрузите страницу, чтобы продолжить.',
};
