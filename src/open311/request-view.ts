import type { RequestEvent } from '../app/model.js';
import type { FeedRequest, District } from '../db/repositories/open311-feed.js';
import { open311Status } from '../domain/lifecycle.js';
import { mediaUrl, type Open311Context } from './context.js';
import type { Value } from './xml.js';

// One request as Open311 shows it: the spec's elements in the spec's order, then (extensions=true)
// extended_attributes and notes[]. Only public facts: no reporter, no internal comment or event.

const STATUS_LABEL: Record<string, string> = { new: 'New', acknowledged: 'Acknowledged', in_progress: 'In progress', on_hold: 'On hold', closed: 'Closed' };
const REASON_LABEL: Record<string, string> = {
  resolved: 'resolved',
  duplicate: 'duplicate of another request',
  referred: 'referred to another agency',
  not_city_responsibility: "not the city's responsibility",
  unable_to_locate: 'unable to locate',
  no_action_needed: 'no action needed',
  withdrawn: 'withdrawn',
};

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

export interface Note {
  datetime: string;
  type: string;
  summary: string;
  description: string | null;
}

/** A public event as a note; null for events that say nothing to the public. */
export function toNote(ctx: Open311Context, e: RequestEvent): Note | null {
  const d = e.data;
  const at = e.createdAt.toISOString();
  switch (e.type) {
    case 'created':
      return { datetime: at, type: 'opened', summary: 'Request received', description: null };
    case 'acknowledged':
      return { datetime: at, type: 'acknowledged', summary: 'Acknowledged', description: null };
    case 'status_changed':
      return { datetime: at, type: 'status_changed', summary: `Status: ${STATUS_LABEL[String(d.to)] ?? String(d.to)}`, description: text(d.note) };
    case 'closed': {
      const referred = d.referredTo && typeof d.referredTo === 'object' ? text((d.referredTo as { agency?: unknown }).agency) : null;
      const reason = REASON_LABEL[String(d.reason)] ?? String(d.reason);
      return { datetime: at, type: 'closed', summary: `Closed: ${reason}${referred ? ` (${referred})` : ''}`, description: text(d.note) };
    }
    case 'reopened':
      return { datetime: at, type: 'reopened', summary: 'Reopened', description: text(d.note) };
    case 'comment_added':
      return d.visibility === 'public' ? { datetime: at, type: 'comment', summary: 'Comment', description: text(d.body) } : null;
    case 'media_added':
      return d.visibility === 'public' ? { datetime: at, type: 'media', summary: 'Photo added', description: mediaUrl(ctx, { id: Number(d.mediaId), externalUrl: null }) } : null;
    default:
      // Other public events (from later features) show as what happened, without their data.
      return { datetime: at, type: e.type, summary: e.type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()), description: null };
  }
}

/** The latest words staff gave the public about the status, else the close reason. */
function statusNotes(fr: FeedRequest, events: RequestEvent[]): string | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (['status_changed', 'closed', 'reopened'].includes(e.type)) {
      const note = text(e.data.note);
      if (note) return note;
      if (e.type === 'closed' && fr.request.status === 'closed') return `Closed: ${REASON_LABEL[String(e.data.reason)] ?? String(e.data.reason)}`;
      return null;
    }
  }
  return null;
}

export function requestView(ctx: Open311Context, fr: FeedRequest, events: RequestEvent[], extended?: { districts: District[] }): Record<string, Value> {
  const r = fr.request;
  const view: Record<string, Value> = {
    service_request_id: r.publicId,
    status: open311Status(r.status),
    status_notes: statusNotes(fr, events),
    service_name: fr.serviceName,
    service_code: fr.serviceCode,
    description: r.description || null,
    agency_responsible: fr.agency,
    service_notice: fr.serviceNotice,
    requested_datetime: r.createdAt.toISOString(),
    updated_datetime: r.updatedAt.toISOString(),
    expected_datetime: r.status === 'closed' ? null : (r.resolveDueAt?.toISOString() ?? null),
    address: r.address,
    address_id: r.addressId,
    zipcode: r.zipcode,
    lat: r.location?.lat ?? null,
    long: r.location?.lng ?? null,
    media_url: mediaUrl(ctx, fr.media),
  };
  if (extended) {
    view.extended_attributes = {
      channel: r.channel,
      districts: extended.districts.filter((d) => r.districtIds.includes(d.id)).map((d) => ({ layer: d.layer, code: d.code, name: d.name })),
      duplicate_of: fr.duplicateOfPublicId,
      parent_service_request_id: fr.duplicateOfPublicId,
    };
    view.notes = events.map((e) => toNote(ctx, e)).filter((n): n is Note => n !== null) as unknown as Value;
  }
  return view;
}

/** Views for a page of requests: one query for their timelines, one for their districts. */
export async function requestViews(ctx: Open311Context, list: FeedRequest[], withExtensions: boolean): Promise<Value[]> {
  const events = await ctx.feed.publicEvents(list.map((f) => f.request.id));
  const byRequest = new Map<number, RequestEvent[]>();
  for (const e of events) byRequest.set(e.requestId, [...(byRequest.get(e.requestId) ?? []), e]);
  const districts = withExtensions ? await ctx.feed.districts([...new Set(list.flatMap((f) => f.request.districtIds))]) : [];
  return list.map((f) => requestView(ctx, f, byRequest.get(f.request.id) ?? [], withExtensions ? { districts } : undefined));
}
