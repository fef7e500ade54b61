import { createHmac, randomBytes } from 'node:crypto';

// Standard Webhooks (standardwebhooks.com): webhook-id is the same on every retry,
// webhook-timestamp is the attempt's time in seconds, webhook-signature is
// "v1," + base64(HMAC-SHA256(secret, "<id>.<timestamp>.<body>")) keyed by the secret's base64 part.

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export interface WebhookResult {
  ok: boolean;
  status: number | null;
  response: string;
}

/** One attempt: any 2xx within the timeout is success; everything else is retried. */
export async function postWebhook(url: string, secret: string, id: string, body: string, timeoutMs = 15_000): Promise<WebhookResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'CivicDesk-Webhooks/1',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(secret, id, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await res.text().catch(() => '')).slice(0, 500);
    return { ok: res.status >= 200 && res.status < 300, status: res.status, response: `${res.status} ${text}`.trim() };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } };
    const why = e.cause?.code ?? e.cause?.errors?.[0]?.code ?? e.cause?.message;
    return { ok: false, status: null, response: why ? `${e.message}: ${why}` : `${e.name}: ${e.message}` };
  }
}
