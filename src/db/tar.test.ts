import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { extractTar, tarWriter } from './tar.js';

async function archive(entries: Array<[string, Buffer | null]>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const tar = tarWriter(out);
  for (const [name, data] of entries) {
    if (data) await tar.file(name, data, data.length, Date.now());
    else await tar.directory(name, Date.now());
  }
  await tar.end();
  return Buffer.concat(chunks);
}

describe('the backup archive format (ustar)', () => {
  it('round-trips files of any size and long paths, in pieces, and system tar reads it', async () => {
    const big = Buffer.alloc(700_001, 7);
    const long = `data/${'deep/'.repeat(30)}file.bin`;
    const bytes = await archive([['data', null], ['data/empty', Buffer.alloc(0)], ['data/big', big], [long, Buffer.from('x')]]);
    const dir = mkdtempSync(join(tmpdir(), 'civicdesk-tar-'));
    const pieces = Readable.from((function* () {
      for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
    })());
    expect(await extractTar(pieces, dir, () => 'extract')).toBe(4);
    expect(readFileSync(join(dir, 'data/big')).equals(big)).toBe(true);
    expect(readFileSync(join(dir, 'data/empty')).length).toBe(0);
    expect(readFileSync(join(dir, long), 'utf8')).toBe('x');
    const file = join(dir, 'a.tar');
    writeFileSync(file, bytes);
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).split('\n')).toEqual(expect.arrayContaining(['data/big', long]));
  });

  it('refuses entries that would leave the target folder, and archives that end early', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicdesk-tar-'));
    const evil = await archive([['data/../../escaped.txt', Buffer.from('boo')]]);
    await expect(extractTar(Readable.from([evil]), join(dir, 'inner'), () => 'extract')).rejects.toThrow(/outside its folder/);
    expect(existsSync(join(dir, 'escaped.txt'))).toBe(false);
    const whole = await archive([['data/a', Buffer.alloc(5000, 1)]]);
    await expect(extractTar(Readable.from([whole.subarray(0, 3000)]), dir, () => 'extract')).rejects.toThrow(/ends early/);
    await expect(extractTar(Readable.from([Buffer.alloc(1024, 65)]), dir, () => 'extract')).rejects.toThrow(/not a CivicDesk backup/);
  });
});
