import type { Role } from '../domain/vocabulary.js';
import type { EventActorType } from './vocabulary.js';

/** Who is doing something. Every use case takes one. */
export type Actor =
  | { type: 'staff'; userId: number; name: string; role: Role; departmentIds: number[] }
  | { type: 'resident'; residentId: number | null; name: string | null }
  | { type: 'open311'; keyId: number; name: string }
  | { type: 'integration'; keyId: number; name: string }
  | { type: 'import'; name: string }
  | { type: 'system'; name: string };

export const SYSTEM: Actor = { type: 'system', name: 'CivicDesk' };

export function actorFields(actor: Actor): { actorType: EventActorType; actorId: number | null; actorName: string | null } {
  switch (actor.type) {
    case 'staff':
      return { actorType: 'staff', actorId: actor.userId, actorName: actor.name };
    case 'resident':
      return { actorType: 'resident', actorId: actor.residentId, actorName: actor.name };
    case 'open311':
    case 'integration':
      return { actorType: actor.type, actorId: actor.keyId, actorName: actor.name };
    case 'import':
    case 'system':
      return { actorType: actor.type, actorId: null, actorName: actor.name };
  }
}
