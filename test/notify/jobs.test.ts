import { describe, expect, it } from 'vitest';
import { localDay, nextLocalHour } from '../../src/jobs/digest.js';
import { handlerTable, JOB_HANDLERS, JOB_TOPICS } from '../../src/jobs/topics.js';
import { signWebhook } from '../../src/jobs/webhooks.js';
import { verifyStandardWebhook } from './support.js';

describe('job handlers', () => {
  it('has exactly one handler per topic, checked at start-up', () => {
    expect([...handlerTable().keys()].sort()).toEqual([...JOB_TOPICS].sort());
    const noop = { run: async () => [] };
    expect(() => handlerTable([...JOB_HANDLERS, { topic: 'request.event', ...noop }])).toThrow('two handlers for topic request.event');
    expect(() => handlerTable(JOB_HANDLERS.slice(1))).toThrow('no handler for topic request.event');
    expect(() => handlerTable([...JOB_HANDLERS, { topic: 'surprise', ...noop }])).toThrow('handler for unknown topic surprise');
  });
});

describe('the daily schedule', () => {
  it('runs at the local hour in the city time zone, across DST', () => {
    // 2026-03-08: US clocks go forward at 02:00 in Los Angeles.
    expect(nextLocalHour(new Date('2026-03-07T20:00:00Z'), 'America/Los_Angeles', 7).toISOString()).toBe('2026-03-08T14:00:00.000Z');
    expect(nextLocalHour(new Date('2026-03-06T20:00:00Z'), 'America/Los_Angeles', 7).toISOString()).toBe('2026-03-07T15:00:00.000Z');
    expect(nextLocalHour(new Date('2026-07-01T13:59:00Z'), 'America/Los_Angeles', 7).toISOString()).toBe('2026-07-01T14:00:00.000Z');
    expect(nextLocalHour(new Date('2026-07-01T14:00:00Z'), 'America/Los_Angeles', 7).toISOString()).toBe('2026-07-02T14:00:00.000Z');
    expect(localDay(new Date('2026-07-02T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-07-01');
  });
});

describe('webhook signatures', () => {
  it('match the Standard Webhooks test vector', () => {
    // From the Standard Webhooks specification's reference libraries.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const body = '{"test": 2432232314}';
    expect(signWebhook(secret, id, 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': '' };
    headers['webhook-signature'] = signWebhook(secret, id, Number(headers['webhook-timestamp']), body);
    expect(verifyStandardWebhook(secret, headers, body)).toBe(true);
  });
});
