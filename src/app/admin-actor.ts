import type { Actor } from '../domain/actor.js';
import { authorize, type AdminAction } from '../domain/policy.js';

/** Admin use cases: staff by their role; the command line (the system actor) is the machine's owner. */
export function authorizeAdmin(actor: Actor, action: AdminAction): void {
  if (actor.type !== 'system') authorize(actor, action);
}
