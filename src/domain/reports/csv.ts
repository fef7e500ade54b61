// CSV as spreadsheets read it: RFC 4180 quoting, CRLF line ends. Cells starting with = + - @ are prefixed
// with ' so a downloaded report can't run a formula in the reader's spreadsheet.

export type Cell = string | number | boolean | null | undefined | Date;

const PLAIN = /^[^",\r\n=+\-@\t][^",\r\n]*$/;

export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string' && PLAIN.test(v)) return v;
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: readonly Cell[]) => `${cells.map(csvCell).join(',')}\r\n`;

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return csvLine(header) + rows.map(csvLine).join('');
}
