import { actorFields, type Actor } from '../domain/actor.js';
import { invalid } from '../domain/errors.js';
import { mutateRequest, type ChangeTarget } from './mutate-request.js';
import type { Deps } from './ports.js';

export interface CommentInput extends ChangeTarget {
  visibility: 'public' | 'internal';
  body: string;
}

export const MAX_COMMENT = 10_000;

/** A public comment is part of the resident's timeline; an internal one is for staff only. */
export async function commentOnRequest(deps: Deps, actor: Actor, input: CommentInput) {
  const body = input.body.trim();
  if (!body) throw invalid([{ field: 'body', message: 'is empty' }]);
  if (body.length > MAX_COMMENT) throw invalid([{ field: 'body', message: `must be at most ${MAX_COMMENT} characters` }]);
  const permission = input.visibility === 'public' ? 'request.comment_public' : 'request.comment_internal';
  let commentId = 0;
  const request = await mutateRequest(deps, actor, input, permission, async (req, repos, at) => {
    const who = actorFields(actor);
    const comment = await repos.comments.insert({
      requestId: req.id,
      authorUserId: actor.type === 'staff' ? actor.userId : null,
      authorName: who.actorName,
      visibility: input.visibility,
      body,
      createdAt: at,
    });
    commentId = comment.id;
    return { patch: {}, events: [{ type: 'comment_added', public: input.visibility === 'public', data: { commentId, visibility: input.visibility, body } }] };
  });
  return { request, commentId };
}
