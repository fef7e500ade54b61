import { addressColumns, type RawAddress } from '../app/import-addresses.js';
import { readCsv } from './csv.js';

/** CSV rows as address rows: the header names the columns (or the documented order holds). */
export async function* addressRows(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<RawAddress> {
  let columns: ReturnType<typeof addressColumns>['columns'] | undefined;
  let line = 0;
  for await (const row of readCsv(chunks)) {
    line += 1;
    if (row.every((f) => f.trim() === '')) continue;
    if (!columns) {
      const found = addressColumns(row);
      columns = found.columns;
      if (found.header) continue;
    }
    yield { line, id: row[columns.id], fullAddress: row[columns.fullAddress], lat: row[columns.lat], lng: row[columns.lng], zipcode: columns.zipcode >= 0 ? row[columns.zipcode] : undefined };
  }
}
