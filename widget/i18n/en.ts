// English strings the app itself shows; the shape every other locale follows, together with the
// strings of the parts fetched when needed (en-more.ts).
export const en = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unreadLabel: (n: number) => (n === 1 ? '1 unread message' : `${n} unread messages`),
  statusOnline: 'Online',
  offlineBanner: 'You are offline. Messages will be sent when the connection returns.',
  reconnectingBanner: 'Connection lost. Reconnecting…',
  menu: 'More options',
  composerLabel: 'Message',
  composerPlaceholder: 'Write a message…',
  send: 'Send',
  charsLeft: (n: number) => (n >= 0 ? `${n} characters left` : `${-n} characters over the limit`),
  pending: 'Waiting for network',
  sending: 'Sending…',
  accepted: 'Sent',
  delivered: 'Delivered',
  failed: 'Not sent',
  retry: 'Retry',
  today: 'Today',
  yesterday: 'Yesterday',
  you: 'You',
  agent: 'Support',
  bot: 'Assistant',
  attach: 'Attach a file',
  dropHere: 'Drop files here to attach them',
  defaultTitle: 'Chat with us',
  defaultGreeting: 'Hi! How can we help you today?',
  messages: 'Messages',
};

/** The strings the app ships with: English ones here, every other language's in its chunk. */
export type CoreStrings = typeof en;
