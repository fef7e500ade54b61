import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';

// A small ustar writer and reader: regular files and directories only, enough for a backup
// archive that `tar -tzf` can list. No dependency, and no symlinks or devices to be tricked by.

const BLOCK = 512;

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, type: '0' | '5', mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(name.slice(cut + 1)) > 100) throw new Error(`path too long for the archive: ${name}`);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, 'utf8');
  h.write(octal(type === '5' ? 0o755 : 0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum is computed with these as spaces
  h.write(type, 156, 'ascii');
  h.write('ustar\u000000', 257, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

async function put(out: Writable, chunk: Buffer) {
  if (!out.write(chunk)) await once(out, 'drain');
}

export interface TarWriter {
  directory(name: string, mtime: number): Promise<void>;
  file(name: string, source: string | Buffer, size: number, mtime: number): Promise<void>;
  end(): Promise<void>;
}

/** Writes entries to `out` (a gzip stream, say); file contents are streamed, not held in memory. */
export function tarWriter(out: Writable): TarWriter {
  return {
    directory: (name, mtime) => put(out, header(name.endsWith('/') ? name : `${name}/`, 0, '5', mtime)),
    async file(name, source, size, mtime) {
      await put(out, header(name, size, '0', mtime));
      let written = 0;
      if (Buffer.isBuffer(source)) {
        await put(out, source);
        written = source.length;
      } else {
        for await (const chunk of createReadStream(source)) {
          const b = chunk as Buffer;
          // A file that grew while being read would break the archive's framing: refuse instead.
          if (written + b.length > size) throw new Error(`${source} changed while it was being archived`);
          await put(out, b);
          written += b.length;
        }
      }
      if (written !== size) throw new Error(`${typeof source === 'string' ? source : name} changed while it was being archived`);
      const pad = (BLOCK - (size % BLOCK)) % BLOCK;
      if (pad) await put(out, Buffer.alloc(pad));
    },
    async end() {
      await put(out, Buffer.alloc(BLOCK * 2));
      out.end();
      await once(out, 'finish');
    },
  };
}

export interface TarEntry {
  name: string;
  type: 'file' | 'directory';
  size: number;
}

/**
 * Reads a tar stream; `onEntry` decides where each entry goes: a directory under `root` (returned
 * path), a buffer (for a small manifest), or nowhere. Names that would leave `root` are refused.
 */
export async function extractTar(input: Readable, root: string, onEntry: (e: TarEntry) => 'extract' | 'buffer' | 'skip', buffered: (e: TarEntry, data: Buffer) => void = () => undefined): Promise<number> {
  const base = resolve(root);
  let pending: Buffer = Buffer.alloc(0);
  let entry: { e: TarEntry; left: number; pad: number; sink?: Writable; chunks?: Buffer[] } | undefined;
  let count = 0;
  let ended = false;

  const target = (name: string) => {
    const p = resolve(base, name);
    if (p !== base && !p.startsWith(base + sep)) throw new Error(`the archive has an entry outside its folder: ${name}`);
    return p;
  };

  for await (const chunk of input) {
    if (ended) continue;
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    while (pending.length) {
      if (entry) {
        if (entry.left > 0) {
          const take = pending.subarray(0, Math.min(entry.left, pending.length));
          pending = pending.subarray(take.length);
          entry.left -= take.length;
          if (entry.sink && !entry.sink.write(take)) await once(entry.sink, 'drain');
          entry.chunks?.push(Buffer.from(take));
          if (entry.left > 0) break;
        }
        if (pending.length < entry.pad) break;
        pending = pending.subarray(entry.pad);
        if (entry.sink) {
          entry.sink.end();
          await once(entry.sink, 'finish');
        }
        if (entry.chunks) buffered(entry.e, Buffer.concat(entry.chunks));
        entry = undefined;
        continue;
      }
      if (pending.length < BLOCK) break;
      const h = pending.subarray(0, BLOCK);
      pending = pending.subarray(BLOCK);
      if (h.every((b) => b === 0)) {
        ended = true;
        break;
      }
      const field = (at: number, len: number) => h.subarray(at, at + len).toString('utf8').replace(/\0.*$/s, '');
      const prefix = field(345, 155);
      const name = (prefix ? `${prefix}/` : '') + field(0, 100);
      const size = parseInt(field(124, 12).trim() || '0', 8);
      const flag = String.fromCharCode(h[156]!);
      let sum = 0;
      for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
      if (!Number.isFinite(size) || sum !== parseInt(field(148, 8).trim(), 8)) throw new Error('not a CivicDesk backup (a damaged or foreign archive)');
      const type = flag === '5' ? 'directory' : flag === '0' || flag === '\0' ? 'file' : undefined;
      if (!type) throw new Error(`the archive has an entry of a kind a backup never holds (${name})`);
      const e: TarEntry = { name: name.replace(/\/$/, ''), type, size: type === 'file' ? size : 0 };
      const what = onEntry(e);
      count++;
      if (type === 'directory') {
        if (what === 'extract') mkdirSync(target(e.name), { recursive: true });
        continue;
      }
      entry = { e, left: e.size, pad: (BLOCK - (e.size % BLOCK)) % BLOCK };
      if (what === 'extract') {
        const p = target(e.name);
        mkdirSync(dirname(p), { recursive: true });
        entry.sink = createWriteStream(p);
      } else if (what === 'buffer') entry.chunks = [];
    }
  }
  if (entry || !ended) throw new Error('the archive ends early (an incomplete or damaged backup)');
  return count;
}

export const tarPath = (...parts: string[]) => join(...parts).split(sep).join('/');
