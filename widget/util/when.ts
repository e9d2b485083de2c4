// "When the team is back" in the visitor's language and time zone, short enough for the header:
// a time today, "tomorrow" and a time, a weekday and a time this week, else a date and a time.
const DAY_MS = 86_400_000;

const midnight = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

export function formatWhen(iso: string, locale: string, now: Date = new Date()): string {
  const at = new Date(iso);
  if (isNaN(+at)) return '';
  const time = at.toLocaleTimeString(locale, { hour: 'numeric', minute: '2-digit' });
  const days = Math.round((midnight(at) - midnight(now)) / DAY_MS);
  if (days <= 0) return time;
  if (days === 1) return `${new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(1, 'day')} ${time}`;
  return at.toLocaleString(locale, days < 7 ? { weekday: 'long', hour: 'numeric', minute: '2-digit' } : { day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' });
}
