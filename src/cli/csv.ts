// A small streaming CSV reader (RFC 4180: quoted fields, doubled quotes, newlines inside quotes, CRLF),
// so an import never holds the whole file in memory.

export async function* readCsv(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<string[]> {
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let afterQuote = false; // just saw a quote inside a quoted field: either "" or the closing quote
  let pendingCr = false;
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const rows: string[][] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') continue;
      }
      if (quoted) {
        if (afterQuote) {
          afterQuote = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          quoted = false; // the closing quote; c is handled below as unquoted
        } else if (c === '"') {
          afterQuote = true;
          continue;
        } else {
          field += c;
          continue;
        }
      }
      if (c === '"' && field === '') quoted = true;
      else if (c === ',') {
        row.push(field);
        field = '';
      } else if (c === '\n' || c === '\r') {
        row.push(field);
        rows.push(row);
        row = [];
        field = '';
        pendingCr = c === '\r';
      } else field += c;
    }
    yield* rows;
  }
  if (afterQuote) quoted = false;
  if (field !== '' || row.length) {
    row.push(field);
    yield row;
  }
}
