// The attachments of one message, in the bubble after its text: the viewer plug-in's slot.
import { viewer } from '../i18n/en-more';
import type { SlotProps } from '../plugins/types';
import { AttachmentView } from './AttachmentView';

export function Attachments({ attachments, locale, strings }: SlotProps<void, 'attachments'>) {
  const t = { ...viewer, ...strings };
  return (
    <>
      {attachments.map((a, i) => a && typeof a === 'object' && <AttachmentView key={i} a={a} locale={locale} strings={t} />)}
    </>
  );
}
