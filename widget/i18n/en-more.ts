// English strings of the parts fetched when needed, one object per part, so each chunk carries
// only its own. Other languages have all of these in their own chunk (i18n/ru.ts, de.ts, …), and
// a part's component takes `{ ...itsEnglish, ...strings }`: English for English, else the language.

/** Attachments in messages (plugins/viewer.ts), also named by the composer and the transcript. */
export const viewer = {
  attachment: 'Attachment',
  sizeUnits: ['B', 'KB', 'MB', 'GB'],
  location: 'Location',
  openMap: 'Open the map',
  contact: 'Contact',
};

/** The attachment composer (plugins/attach.ts). */
export const attach = {
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

/** Closed conversations (plugins/closed.ts): who closed it, by Kit's close_reason, and starting anew. */
export const closed = {
  closedNotice: 'This conversation was closed.',
  closedByAgent: 'An operator closed this conversation.',
  closedByBot: 'The assistant closed this conversation.',
  closedByTimeout: 'This conversation was closed after a period of inactivity.',
  closedDivider: 'Conversation closed',
  startNew: 'Start a new conversation',
};

/** Fields about the visitor, asked by the pre-chat form and while the team is away. */
export const contactFields = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  optional: (label: string) => `${label} (optional)`,
  fieldRequired: 'Please fill this in.',
  emailInvalid: 'Enter an email address like name@example.com.',
  phoneInvalid: 'Enter a phone number with at least 5 digits.',
};

/** Outside business hours (plugins/away.ts): `when` is a time, "tomorrow 9:00" or a day and time. */
export const away = {
  awayStatus: 'Away',
  awayUntil: (when: string) => `Away · back ${when}`,
  awayNote: 'We are away right now. Leave a message and we will answer as soon as we are back.',
  awayNoteUntil: (when: string) => `We are away right now and back ${when}. Leave a message and we will answer then.`,
  emailAsk: 'Leave your email so we can reply even after you close this page.',
  emailSave: 'Save',
  emailSkip: 'Skip',
  emailThanks: (email: string) => `Thanks! We will also reply to ${email}.`,
};

/** The pre-chat form (plugins/prechat.ts). */
export const prechat = {
  prechatIntro: 'Before we start, please tell us a little about you.',
  /** The consent line: text before the link, the link, text after it. */
  privacy: ['By chatting with us you agree to our ', 'privacy policy', '.'] as [string, string, string],
};

/** The panel's menu and the transcript it downloads (plugins/menu.ts). */
export const menu = {
  download: 'Download conversation',
  transcriptTitle: (title: string) => `Conversation with ${title}`,
  transcriptSaved: (when: string) => `Saved ${when}`,
  transcriptFile: 'conversation',
  forget: 'Delete this conversation',
  forgetConfirm: 'Delete this conversation? Your messages, files and details are erased from our chat and cannot be restored.',
  forgetYes: 'Delete',
  forgetNo: 'Cancel',
  forgetFailed: 'Could not delete the conversation. Try again when you are online.',
};

/** Older history, loaded when the visitor scrolls to the top (plugins/older.ts). */
export const older = {
  loadingOlder: 'Loading earlier messages…',
  olderFailed: 'Earlier messages could not be loaded.',
};

/** The greeting bubble beside the launcher (plugins/greeting.ts). */
export const greeting = {
  greetingClose: 'Dismiss',
};

export type MoreStrings = typeof viewer & typeof closed & typeof attach & typeof contactFields & typeof away & typeof prechat & typeof menu & typeof older & typeof greeting;
