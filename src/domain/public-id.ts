/** The year of an instant in the city's time zone: a request made on 31 December stays in its year. */
export function localYear(at: Date, timeZone: string): number {
  // Building an Intl formatter costs far more than using one: bulk imports call this per row.
  let f = yearFormats.get(timeZone);
  if (!f) yearFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' })));
  return Number(f.format(at));
}
const yearFormats = new Map<string, Intl.DateTimeFormat>();

/** A human-friendly request id: the two-digit year and a six-digit (or longer) number, "26-000123". */
export function formatPublicId(year: number, n: number): string {
  return `${String(year % 100).padStart(2, '0')}-${String(n).padStart(6, '0')}`;
}

export const PUBLIC_ID = /^\d{2}-\d{6,}$/;
