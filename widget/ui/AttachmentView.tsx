// One attachment inside a message: images as a bounded inline preview, other files as a card
// with name and size, locations with a map link, contacts with a tel: link. Only http(s) URLs
// ever become a src or an href; anything else is shown as inert text. Part of the viewer
// plug-in (plugins/viewer.ts), so it takes the language as props.
import type { ComponentChildren, JSX } from 'preact';
import type { Attachment } from '../../protocol/relay-api';
import type { viewer } from '../i18n/en-more';
import { formatSize } from '../util/files';
import { safeUrl } from '../util/linkify';
import { FileIcon, PersonIcon, PinIcon } from './Icons';

const WEB = ['https:', 'http:'];
const card = (icon: JSX.Element, title: string, extra: ComponentChildren) => (
  <div class="kc-att kc-att--card">
    {icon}
    <span class="kc-att__text" dir="auto">
      <span>{title}</span>
      {extra}
    </span>
  </div>
);
const coord = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : null);

export function AttachmentView({ a, locale, strings: t }: { a: Attachment; locale: string; strings: typeof viewer }) {
  const href = safeUrl(a.url, WEB);
  const name = a.name || t.attachment;
  if (a.kind === 'location') {
    const lat = coord(a.latitude);
    const lon = coord(a.longitude);
    const map = lat !== null && lon !== null ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}` : href;
    return card(<PinIcon />, a.address || a.name || t.location, map && (
      <a href={map} target="_blank" rel="noopener noreferrer">
        {t.openMap}
      </a>
    ));
  }
  if (a.kind === 'contact') {
    const tel = a.phone && /^\+?[\d\s\-().]{3,32}$/.test(a.phone) ? `tel:${a.phone.replace(/[^\d+]/g, '')}` : null;
    return card(<PersonIcon />, a.name || t.contact, tel ? <a href={tel}>{a.phone}</a> : a.phone);
  }
  if (a.kind === 'image' && href) {
    return (
      <a class="kc-att kc-att--image" href={href} target="_blank" rel="noopener noreferrer">
        <img src={href} alt={name} loading="lazy" referrerpolicy="no-referrer" />
      </a>
    );
  }
  const size = Number.isFinite(a.size) && a.size! >= 0 ? formatSize(a.size!, locale, t.sizeUnits) : '';
  const body = [
    <FileIcon key="i" />,
    <span key="n" class="kc-att__name" dir="auto">
      {name}
    </span>,
    size && (
      <span key="s" class="kc-att__size">
        {size}
      </span>
    ),
  ];
  return href ? (
    <a class="kc-att kc-att--file" href={href} target="_blank" rel="noopener noreferrer">
      {body}
    </a>
  ) : (
    <div class="kc-att kc-att--file">{body}</div>
  );
}
