import type { Actor } from '../domain/actor.js';
import { AppError, invalid } from '../domain/errors.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps, MediaRecord, ProcessedImage } from './ports.js';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const MAX_URL = 2000;

export interface AttachMediaInput extends ChangeTarget {
  visibility: 'public' | 'internal';
  /** Uploaded bytes, checked and stripped of metadata before anything is stored (or already prepared by preparePhoto). */
  photo?: PhotoUpload | PreparedPhoto | undefined;
  /** Or a photo that lives elsewhere (Open311 media_url). */
  externalUrl?: string | undefined;
  commentId?: number | undefined;
}

export interface PhotoUpload {
  bytes: Uint8Array;
  contentType?: string | undefined;
  filename?: string | undefined;
}

export interface PreparedPhoto {
  image: ProcessedImage;
  filename: string | null;
}

/** Checks a photo from its bytes and re-encodes it without metadata; throws validation errors. No I/O. */
export async function preparePhoto(deps: Deps, photo: PhotoUpload): Promise<PreparedPhoto> {
  if (!deps.images) throw new AppError('validation', 'this server takes no photos');
  if (photo.bytes.byteLength === 0) throw invalid([{ field: 'media', message: 'is empty' }]);
  if (photo.bytes.byteLength > MAX_PHOTO_BYTES) throw invalid([{ field: 'media', message: `must be at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB` }]);
  const image = await deps.images.process(photo.bytes, { contentType: photo.contentType, filename: photo.filename });
  return { image, filename: sanitiseFilename(photo.filename) };
}

/**
 * Attaches a photo to a request: the image is checked from its bytes and re-encoded without
 * EXIF/GPS before the transaction; the media row, its bytes and the 'media_added' event commit together.
 */
export async function attachMedia(deps: Deps, actor: Actor, input: AttachMediaInput): Promise<{ media: MediaRecord }> {
  if (Boolean(input.photo) === Boolean(input.externalUrl)) throw invalid([{ field: 'media', message: 'give either a photo or a media URL' }]);
  let image: ProcessedImage | null = null;
  let filename: string | null = null;
  if (input.photo) {
    const prepared = 'image' in input.photo ? input.photo : await preparePhoto(deps, input.photo);
    image = prepared.image;
    filename = prepared.filename;
  } else {
    const url = input.externalUrl!.trim();
    if (url.length > MAX_URL || !isHttpUrl(url)) throw invalid([{ field: 'media_url', message: 'must be an http(s) URL of at most 2000 characters' }]);
  }
  let media: MediaRecord | undefined;
  const permission = 'request.attach_media';
  await mutateRequest(deps, actor, input, permission, async (req, repos, at) => {
    media = await repos.media.insert(
      {
        requestId: req.id,
        commentId: input.commentId ?? null,
        visibility: input.visibility,
        contentType: image?.contentType ?? 'image/*',
        byteSize: image?.original.byteLength ?? 0,
        width: image?.width ?? null,
        height: image?.height ?? null,
        filename,
        externalUrl: image ? null : input.externalUrl!.trim(),
        uploadedByUserId: actor.type === 'staff' ? actor.userId : null,
        createdAt: at,
      },
      image && { original: image.original, thumbnail: image.thumbnail },
    );
    return { patch: {}, events: [{ type: 'media_added', public: input.visibility === 'public', data: { mediaId: media.id, visibility: input.visibility } }] };
  });
  return { media: media! };
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Keeps a display name only: no path, no control characters. */
function sanitiseFilename(name: string | undefined): string | null {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return base || null;
}
