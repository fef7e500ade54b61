import type { Config } from '../config.js';
import type { NewDelivery } from '../db/repositories/job-queue.js';
import type { Db } from '../db/sql.js';
import { deliveriesForDigest } from './digest.js';
import { deliveriesForEvent } from './fan-out.js';
import { deliveriesForPrivacyLink } from './privacy-link.js';
import { deliveriesForSurveyInvite } from './survey-invite.js';

// Jobs as data: every outbox topic and the one handler that turns a job into deliveries.

export const JOB_TOPICS = ['request.event', 'digest.overdue', 'survey.invite', 'privacy.link'] as const;
export type JobTopic = (typeof JOB_TOPICS)[number];

export interface JobHandler {
  topic: string;
  run(db: Db, config: Config, payload: Record<string, unknown>): Promise<NewDelivery[]>;
}

export const JOB_HANDLERS: JobHandler[] = [
  { topic: 'request.event', run: (db, config, p) => deliveriesForEvent(db, config, Number(p.eventId)) },
  { topic: 'digest.overdue', run: (db, config, p) => deliveriesForDigest(db, config, String(p.day)) },
  { topic: 'survey.invite', run: (db, config, p) => deliveriesForSurveyInvite(db, config, p) },
  { topic: 'privacy.link', run: (db, config, p) => deliveriesForPrivacyLink(db, config, p) },
];

/** The topic → handler table; refuses to start unless every topic has exactly one handler. */
export function handlerTable(handlers: readonly JobHandler[] = JOB_HANDLERS, topics: readonly string[] = JOB_TOPICS): Map<string, JobHandler> {
  const table = new Map<string, JobHandler>();
  const problems: string[] = [];
  for (const h of handlers) {
    if (!topics.includes(h.topic)) problems.push(`handler for unknown topic ${h.topic}`);
    else if (table.has(h.topic)) problems.push(`two handlers for topic ${h.topic}`);
    else table.set(h.topic, h);
  }
  for (const t of topics) if (!table.has(t)) problems.push(`no handler for topic ${t}`);
  if (problems.length) throw new Error(`job handlers are misconfigured: ${problems.join('; ')}`);
  return table;
}
