import type { FastifyRequest } from 'fastify';
import { MAX_PHOTO_BYTES } from '../app/attach-media.js';
import { AppError } from '../domain/errors.js';

// Reads a whole multipart/form-data body. A body the parser can't read (no boundary, cut off,
// too many parts, a file over the limit) is the caller's doing: a 400 (413 for size), never a 500.

export interface FilePart {
  fieldname: string;
  bytes: Buffer;
  contentType: string;
  filename: string;
}

export async function readMultipart(req: FastifyRequest, opts: { maxFiles?: number } = {}): Promise<{ files: FilePart[]; fields: Record<string, string> }> {
  const files: FilePart[] = [];
  const fields: Record<string, string> = {};
  try {
    for await (const part of req.parts({ limits: { fileSize: MAX_PHOTO_BYTES, files: opts.maxFiles ?? 2, fields: 10, parts: 12 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.file.truncated) throw new AppError('validation', `a photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, { issues: [{ field: 'photo', message: 'too large' }] });
        files.push({ fieldname: part.fieldname, bytes, contentType: part.mimetype, filename: part.filename });
      } else {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) throw Object.assign(new Error(`a photo may be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB`), { statusCode: 413 });
    throw new AppError('validation', `the multipart body could not be read: ${String((err as Error)?.message ?? err).slice(0, 200)}`);
  }
  return { files, fields };
}
