// One message: avatar and name for the other side, the bubble, time and delivery state.
import type { ChatItem } from '../state/history';
import { formatTime } from '../util/format';
import { useModels } from './context';
import { Avatar } from './Avatar';
import { Slot } from './Slot';

/** `first` and `last` of a run of messages from one sender: the name goes by the first, the avatar by the last. */
export function MessageItem({ item, first, last }: { item: ChatItem; first: boolean; last: boolean }) {
  const { conversation, locale } = useModels();
  const t = locale.strings.value;
  const mine = item.from === 'visitor';
  const name = item.sender?.name || (item.from === 'bot' ? t.bot : t.agent);
  const state = item.delivery;
  // Pictures alone need no bubble around them.
  const media = !item.text && !!item.attachments?.length && item.attachments.every((a) => a?.kind === 'image');
  return (
    <div class={`kc-msg ${mine ? 'kc-msg--mine' : 'kc-msg--theirs'}${first ? ' kc-msg--first' : ''}`}>
      {!mine && (last ? <Avatar name={name} url={item.sender?.avatarUrl} /> : <span class="kc-avatar-gap" />)}
      <div class="kc-msg__body">
        {!mine && first && <div class="kc-msg__name">{name}</div>}
        <div class={`kc-bubble${state === 'failed' ? ' kc-bubble--failed' : ''}${media ? ' kc-bubble--media' : ''}`}>
          <span class="kc-sr">{mine ? t.you : name}: </span>
          {item.text && (
            <Slot name="text" item={item}>
              <span class="kc-text" dir="auto">{item.text}</span>
            </Slot>
          )}
          {item.attachments && <Slot name="attachments" attachments={item.attachments} />}
        </div>
        <div class="kc-msg__meta">
          <time dateTime={item.createdAt} dir="auto">{formatTime(item.createdAt, locale.locale.value)}</time>
          {mine && state && <span class={`kc-state kc-state--${state}`}>{t[state]}</span>}
          {mine && state === 'failed' && (
            <button type="button" class="kc-retry" onClick={() => conversation.retry(item.id)}>
              {t.retry}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
