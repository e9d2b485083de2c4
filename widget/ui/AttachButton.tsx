// The paperclip: a labelled button that opens the file picker, limited to the accepted types.
import { useRef } from 'preact/hooks';
import { useModels } from './context';
import { PaperclipIcon } from './Icons';

export function AttachButton() {
  const { attachments, limits, locale } = useModels();
  const input = useRef<HTMLInputElement>(null);
  const types = limits.value.uploadTypes;
  return (
    <>
      <button type="button" class="kc-icon-btn kc-attach" aria-label={locale.strings.value.attach} onClick={() => {
          attachments.prepare(); // fetch the composer while the picker is open
          input.current?.click();
        }}>
        <PaperclipIcon />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        accept={types.length ? types.join(',') : undefined}
        onChange={(e) => {
          const el = e.currentTarget;
          attachments.add(Array.from(el.files ?? []));
          el.value = ''; // picking the same file again still fires change
        }}
      />
    </>
  );
}
