import type { Answers, ServiceAttribute } from '../domain/attributes.js';
import type { Channel, CloseReason, Locale, Priority, Role, Status } from '../domain/vocabulary.js';

export interface Point {
  lat: number;
  lng: number;
}

export interface Service {
  id: number;
  code: string;
  name: string;
  group: string;
  keywords: string[];
  description: string;
  departmentId: number;
  visibility: 'public' | 'internal';
  informationOnly: boolean;
  defaultPriority: Priority;
  ackWithinHours: number | null;
  resolveWithinHours: number | null;
  targetsInBusinessHours: boolean;
  notice: string | null;
  duplicateRadiusM: number;
  kbAnswer: string | null;
  translations: Record<string, { name?: string; group?: string; description?: string; notice?: string; kbAnswer?: string }>;
  active: boolean;
  attributes: ServiceAttribute[];
  updatedAt: Date;
}

export interface RequestRecord {
  id: number;
  publicId: string;
  token: string;
  serviceId: number;
  departmentId: number;
  assigneeId: number | null;
  status: Status;
  closeReason: CloseReason | null;
  priority: Priority;
  channel: Channel;
  description: string;
  location: Point | null;
  address: string | null;
  addressId: string | null;
  zipcode: string | null;
  districtIds: number[];
  reporterId: number | null;
  locale: Locale;
  answers: Answers;
  externalSystem: string | null;
  externalId: string | null;
  workOrderId: string | null;
  duplicateOfId: number | null;
  meTooCount: number;
  ackDueAt: Date | null;
  resolveDueAt: Date | null;
  acknowledgedAt: Date | null;
  closedAt: Date | null;
  resolvedAt: Date | null;
  ackOverdue: boolean;
  resolveOverdue: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export type { EventActorType } from '../domain/vocabulary.js';
import type { EventActorType } from '../domain/vocabulary.js';

export interface RequestEvent {
  id: number;
  requestId: number;
  type: string;
  actorType: EventActorType;
  actorId: number | null;
  actorName: string | null;
  public: boolean;
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface Comment {
  id: number;
  requestId: number;
  authorUserId: number | null;
  authorName: string | null;
  visibility: 'public' | 'internal';
  body: string;
  createdAt: Date;
}

export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  away: boolean;
  active: boolean;
  departmentIds: number[];
}

export interface Resident {
  id: number;
  email: string | null;
  name: string | null;
  phone: string | null;
  locale: Locale;
}

export interface Department {
  id: number;
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** Lead liaison first, then the backups in order. */
  liaisonIds: number[];
}
