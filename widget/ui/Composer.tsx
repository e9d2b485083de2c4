// The message box: Enter sends, Shift+Enter starts a new line, it grows with its text, and it
// shows how many characters are left when the limit is near. Attachments come from the
// paperclip, a pasted image or a drop on the panel.
import type { Ref } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useModels } from './context';
import { AttachButton } from './AttachButton';
import { SendIcon } from './Icons';
import { Slot } from './Slot';

const MAX_HEIGHT_PX = 120;

export function Composer({ inputRef }: { inputRef: Ref<HTMLTextAreaElement> }) {
  const { attachments, conversation, limits, locale } = useModels();
  const t = locale.strings.value;
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement | null>(null);
  const max = limits.value.textMaxChars;
  const length = [...text.trim()].length;
  const left = max - length;
  const showCount = left <= Math.max(20, Math.round(max * 0.1));
  const uploads = attachments.uploads.value;
  const drafts = uploads?.drafts.value ?? [];
  const ready = (length > 0 || drafts.length > 0) && left >= 0 && !uploads?.isBusy.value;

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);

  const submit = () => {
    // The pre-chat form may hold the message until its fields are filled in.
    if (ready && (conversation.gate.peek()?.() ?? true) && attachments.submit(text, conversation.send)) setText('');
  };
  return (
    <form
      class="kc-composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Slot name="composer" />
      <AttachButton />
      <textarea
        ref={(el) => {
          box.current = el;
          if (typeof inputRef === 'function') inputRef(el);
          else if (inputRef) inputRef.current = el;
        }}
        class="kc-input"
        dir="auto"
        rows={1}
        value={text}
        aria-label={t.composerLabel}
        aria-describedby={showCount ? 'kc-count' : undefined}
        aria-invalid={left < 0}
        placeholder={t.composerPlaceholder}
        onInput={(e) => setText(e.currentTarget.value)}
        onPaste={(e) => {
          const files = Array.from(e.clipboardData?.files ?? []);
          if (!files.length) return;
          e.preventDefault();
          attachments.add(files);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      {showCount && (
        <span id="kc-count" class={`kc-count${left < 0 ? ' kc-count--over' : ''}`} aria-live="polite">
          {t.charsLeft(left)}
        </span>
      )}
      <button type="submit" class="kc-send" aria-label={t.send} disabled={!ready}>
        <SendIcon />
      </button>
    </form>
  );
}
