// Dates and names for display, in the widget's locale.
export function formatTime(iso: string, locale: string): string {
  const d = new Date(iso);
  return isNaN(+d) ? '' : d.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
}

/** A stable key per calendar day, for day separators. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return isNaN(+d) ? '' : `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function formatDay(iso: string, locale: string, now: Date, today: string, yesterday: string): string {
  const key = dayKey(iso);
  if (key === dayKey(now.toISOString())) return today;
  if (key === dayKey(new Date(+now - 864e5).toISOString())) return yesterday;
  const d = new Date(iso);
  const sameYear = d.getFullYear() === now.getFullYear();
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) });
}

export function initials(name: string | undefined): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  return words.slice(0, 2).map((w) => [...w][0]!.toUpperCase()).join('') || '?';
}
