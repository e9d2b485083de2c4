// Attachments waiting in the composer: thumbnail or name and size, upload progress, cancel or
// remove, and why one failed with a retry. Refusals found before uploading are announced.
// The attachment plug-in's slot (plugins/attach.ts): it gets its model and the language as props.
import { attach, viewer } from '../i18n/en-more';
import type { SlotProps } from '../plugins/types';
import { MAX_DRAFTS, type Draft, type Uploads } from '../state/uploads';
import { formatSize } from '../util/files';
import { CloseIcon, FileIcon } from './Icons';

type Props = SlotProps<Uploads>;

function DraftItem({ d, model: u, locale, strings }: Props & { d: Draft }) {
  const t = { ...viewer, ...attach, ...strings };
  const name = d.file.name;
  const pct = Math.round(d.progress * 100);
  return (
    <li class={`kc-draft kc-draft--${d.state}`}>
      {d.preview ? <img class="kc-draft__thumb" src={d.preview} alt="" /> : <FileIcon />}
      <span class="kc-draft__text">
        <span class="kc-draft__name" dir="auto">
          {name}
        </span>
        <span class="kc-draft__meta">
          {d.state === 'failed' ? (
            <span role="alert">{t[d.error ?? 'uploadFailed']}</span>
          ) : (
            formatSize(d.file.size, locale, t.sizeUnits) + (d.state === 'uploading' ? ` · ${pct}%` : '')
          )}
        </span>
        {d.state === 'uploading' && (
          <span class="kc-progress" role="progressbar" aria-label={t.uploading(name)} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
            <span style={{ width: `${pct}%` }} />
          </span>
        )}
      </span>
      {d.state === 'failed' && (
        <button type="button" class="kc-retry" onClick={() => u.retry(d.key)}>
          {t.retry}
        </button>
      )}
      <button
        type="button"
        class="kc-icon-btn kc-draft__remove"
        aria-label={d.state === 'uploading' ? t.cancelUpload(name) : t.removeFile(name)}
        onClick={() => u.remove(d.key)}
      >
        <CloseIcon size={16} />
      </button>
    </li>
  );
}

export function Drafts(props: Props) {
  const { model: u, locale, strings } = props;
  const t = { ...viewer, ...attach, ...strings };
  const drafts = u.drafts.value;
  const notice = u.notice.value;
  const max = formatSize(u.limits.value.uploadMaxBytes, locale, t.sizeUnits);
  const text =
    notice?.code === 'tooBig' ? t.tooBig(notice.name, max) : notice?.code === 'badType' ? t.badType(notice.name) : notice?.code === 'tooMany' ? t.tooMany(MAX_DRAFTS) : notice ? t.lost : '';
  return (
    <>
      <div class="kc-notice-slot" role="alert">
        {text && (
          <p class="kc-upload-error">
            <span>{text}</span>
            <button type="button" class="kc-icon-btn" aria-label={t.dismiss} onClick={u.dismissNotice}>
              <CloseIcon size={14} />
            </button>
          </p>
        )}
      </div>
      {drafts.length > 0 && (
        <ul class="kc-drafts" aria-label={t.attachments}>
          {drafts.map((d) => (
            <DraftItem key={d.key} d={d} {...props} />
          ))}
        </ul>
      )}
    </>
  );
}
