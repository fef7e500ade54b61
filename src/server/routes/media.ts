import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getMedia } from '../../app/get-media.js';
import { AppError } from '../../domain/errors.js';
import type { AppContext } from '../context.js';

const params = z.object({ id: z.string().max(20) });

/** Photos: public ones to anyone, the rest only to staff who may read the request. */
export const mediaRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const serve = (variant: 'original' | 'thumbnail') => async (req: { params: { id: string }; actor: Parameters<typeof getMedia>[1] }, reply: import('fastify').FastifyReply) => {
    if (!/^\d{1,15}$/.test(req.params.id)) throw new AppError('not_found', 'photo not found');
    const { media, bytes } = await getMedia(ctx.deps, req.actor, { mediaId: Number(req.params.id), variant });
    const isPublic = media.visibility === 'public';
    reply.header('cache-control', isPublic ? 'public, max-age=86400' : 'private, no-store');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('content-security-policy', "default-src 'none'");
    if (!bytes) return reply.redirect(media.externalUrl!, 302);
    return reply.type(media.contentType).send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  };
  app.get('/media/:id', { schema: { tags: ['media'], summary: 'A photo (public photos to anyone; internal ones to staff)', params } }, serve('original'));
  app.get('/media/:id/thumbnail', { schema: { tags: ['media'], summary: "A photo's thumbnail", params } }, serve('thumbnail'));
};
