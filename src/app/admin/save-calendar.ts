import type { Actor } from '../../domain/actor.js';
import { authorize } from '../../domain/policy.js';
import { validateCalendar } from '../../domain/business-hours.js';
import type { Deps } from '../ports.js';
import { audited } from './audited.js';

/** Replaces the city's business calendar (time zone, weekly hours, holidays) after validating it. */
export async function saveCalendar(deps: Deps, actor: Actor, input: unknown) {
  authorize(actor, 'admin.configure');
  const calendar = validateCalendar(input);
  return audited(deps, actor, 'admin.configure', { action: 'calendar.update', entity: 'settings' }, async (repos) => {
    const before = await repos.settings.get('calendar');
    await repos.settings.set('calendar', calendar);
    return { entityId: 'calendar', before: before ?? null, after: calendar, result: calendar };
  });
}
