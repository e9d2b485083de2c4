// Remote text as text: line breaks kept by CSS, and only http(s)/mailto/tel links as anchors.
import { linkify } from '../util/linkify';

export function RichText({ text }: { text: string }) {
  return (
    <span class="kc-text" dir="auto">
      {linkify(text).map((part, i) =>
        part.href ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </span>
  );
}
