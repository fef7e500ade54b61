import sharp, { type Metadata, type Sharp } from 'sharp';
import type { ImageProcessor, ProcessedImage } from '../app/ports.js';
import { invalid } from '../domain/errors.js';

// The photo pipeline's adapter: the real type comes from the bytes, never from the name or the
// header the client sent; the image is decoded under a pixel limit (a small file that expands to
// gigapixels is refused before it is decoded), turned upright, and re-encoded without any metadata
// (EXIF, GPS, XMP, ICC): sharp writes none unless asked to.

/** ~50 megapixels: every phone camera's full resolution, far below what would exhaust memory. */
export const MAX_INPUT_PIXELS = 50_000_000;
const MAX_EDGE = 4096;
const THUMBNAIL_EDGE = 400;

type Format = 'jpeg' | 'png' | 'webp' | 'gif';
const OUTPUT: Record<Format, { contentType: string; extensions: string[]; mimeTypes: string[] }> = {
  jpeg: { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'], mimeTypes: ['image/jpeg', 'image/jpg', 'image/pjpeg'] },
  png: { contentType: 'image/png', extensions: ['png'], mimeTypes: ['image/png', 'image/x-png'] },
  webp: { contentType: 'image/webp', extensions: ['webp'], mimeTypes: ['image/webp'] },
  // A GIF keeps its first frame, as a PNG.
  gif: { contentType: 'image/png', extensions: ['gif'], mimeTypes: ['image/gif'] },
};

const refuse = (message: string) => invalid([{ field: 'media', message }]);

function encode(img: Sharp, format: Format): Sharp {
  switch (format) {
    case 'jpeg':
      return img.jpeg({ quality: 85 });
    case 'webp':
      return img.webp({ quality: 85 });
    default:
      return img.png();
  }
}

export const sharpImages: ImageProcessor = {
  async process(bytes, declared): Promise<ProcessedImage> {
    const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let meta: Metadata;
    try {
      meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    } catch (err) {
      // limitInputPixels answers from the header, before a single pixel is decoded.
      if (/pixel limit/i.test(String((err as Error)?.message))) throw refuse(`has more than ${MAX_INPUT_PIXELS / 1_000_000} megapixels`);
      throw refuse('is not an image we accept (JPEG, PNG, WebP or GIF)');
    }
    const format = meta.format as string;
    if (!(format in OUTPUT)) throw refuse(`is a ${format} image; send JPEG, PNG, WebP or GIF`);
    const f = format as Format;
    const declaredType = declared.contentType?.split(';')[0]?.trim().toLowerCase();
    if (declaredType && declaredType !== 'application/octet-stream' && !OUTPUT[f].mimeTypes.includes(declaredType)) {
      throw refuse(`says it is ${declaredType} but its bytes are a ${f} image`);
    }
    const ext = /\.([A-Za-z0-9]{1,8})$/.exec(declared.filename ?? '')?.[1]?.toLowerCase();
    if (ext && !OUTPUT[f].extensions.includes(ext)) throw refuse(`is named .${ext} but its bytes are a ${f} image`);
    if (!meta.width || !meta.height) throw refuse('has no dimensions');
    if (meta.width * meta.height > MAX_INPUT_PIXELS) throw refuse(`is ${meta.width}×${meta.height} pixels; at most ${MAX_INPUT_PIXELS / 1_000_000} megapixels`);
    try {
      const base = () => sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 }).rotate();
      const original = await encode(base().resize(MAX_EDGE, MAX_EDGE, { fit: 'inside', withoutEnlargement: true }), f).toBuffer({ resolveWithObject: true });
      const thumbnail = await encode(base().resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: 'inside', withoutEnlargement: true }), f).toBuffer();
      return { contentType: OUTPUT[f].contentType, width: original.info.width, height: original.info.height, original: original.data, thumbnail };
    } catch {
      throw refuse('could not be read as an image (damaged or truncated)');
    }
  },
};
