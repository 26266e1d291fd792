/**
 * Times as the client shows them, in the reader's locale and time zone.
 * `now` is a parameter so tests do not depend on the day they run.
 */

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const fullDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const dateAndTime = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The chat list's short time: "09:41" today, "12 Mar" this year, "12 Mar 2024" before. */
export function formatListTime(iso: string, now: Date = new Date()): string {
  const time = new Date(iso);
  if (sameDay(time, now)) return clock.format(time);
  if (time.getFullYear() === now.getFullYear()) return dayAndMonth.format(time);
  return fullDate.format(time);
}

/** A message's time in a chat: "09:41" today, with the date on other days. */
export function formatMessageTime(iso: string, now: Date = new Date()): string {
  const time = new Date(iso);
  return sameDay(time, now) ? clock.format(time) : `${formatListTime(iso, now)} ${clock.format(time)}`;
}

/** The console's precise time: "12 Mar, 09:41:07". */
export function formatPreciseTime(iso: string): string {
  return dateAndTime.format(new Date(iso));
}
