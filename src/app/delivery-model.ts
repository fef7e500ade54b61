// What the admin sees of notification delivery: each delivery (one per event and recipient),
// its attempts, and the webhook subscriptions that cause some of them.

export type DeliveryChannel = 'email' | 'webhook';
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface Delivery {
  id: number;
  channel: DeliveryChannel;
  kind: string;
  eventId: number | null;
  requestId: number | null;
  subscriptionId: number | null;
  recipient: string;
  messageId: string;
  status: DeliveryStatus;
  attempts: number;
  availableAt: Date;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface DeliveryAttempt {
  id: number;
  attemptedAt: Date;
  worker: string | null;
  outcome: 'delivered' | 'failed' | 'dead';
  response: string | null;
  durationMs: number | null;
}

export interface WebhookSubscription {
  id: number;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  createdAt: Date;
}

export interface IntegrationKey {
  id: number;
  name: string;
  prefix: string;
}
