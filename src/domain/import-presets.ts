import { mappingSchema, type Mapping } from './import-mapping.js';

// Built-in mappings for exports that cities publish. One NYC preset reads the three shapes of the
// NYC 311 open-data export (Title Case columns, snake_case columns, the SODA API's JSON-ish CSV):
// column names are compared normalised.

const COMMON_CLOSE_REASONS: Array<[string, Mapping['closeReasons'][number][1]]> = [
  ['duplicate', 'duplicate'],
  ['(unable|not able|could not|couldn.t) to (locate|find|gain access)|no (evidence|condition|violation) (was )?found|found no (condition|violation|evidence)|did not observe|not found', 'unable_to_locate'],
  ['not (within )?(the )?(city|agency|department).s (jurisdiction|responsibility)|outside (the )?jurisdiction|private property', 'not_city_responsibility'],
  ['referred|forwarded|another agency|transferred', 'referred'],
  ['not necessary|no (further )?action|no police action|case noted|information (only|provided)|provided additional information', 'no_action_needed'],
  ['withdr|cancel', 'withdrawn'],
];

export const PRESETS: Record<'nyc' | 'boston', Mapping> = {
  nyc: mappingSchema.parse({
    system: 'nyc311',
    timeZone: 'America/New_York',
    columns: {
      externalId: 'unique_key',
      createdAt: 'created_date',
      closedAt: 'closed_date',
      status: 'status',
      serviceName: 'complaint_type',
      departmentCode: 'agency',
      departmentName: 'agency_name',
      description: ['descriptor', 'location_type'],
      address: 'incident_address',
      zipcode: 'incident_zip',
      lat: 'latitude',
      lng: 'longitude',
      channel: 'open_data_channel_type',
      resolution: 'resolution_description',
      resolutionAt: 'resolution_action_updated_date',
    },
    statuses: { Open: 'new', Unspecified: 'new', Draft: 'new', Assigned: 'acknowledged', 'Email Sent': 'acknowledged', Started: 'in_progress', 'In Progress': 'in_progress', Pending: 'on_hold', Closed: 'closed' },
    channels: { PHONE: 'phone', ONLINE: 'web', MOBILE: 'mobile', UNKNOWN: 'phone', OTHER: 'phone' },
    defaultChannel: 'phone',
    closeReasons: COMMON_CLOSE_REASONS,
  }),
  boston: mappingSchema.parse({
    system: 'boston311',
    timeZone: 'America/New_York',
    columns: {
      externalId: 'case_enquiry_id',
      createdAt: 'open_dt',
      closedAt: 'closed_dt',
      status: 'case_status',
      serviceName: 'type',
      departmentCode: 'department',
      departmentName: 'department',
      description: ['case_title'],
      address: 'location',
      zipcode: 'location_zipcode',
      lat: 'latitude',
      lng: 'longitude',
      channel: 'source',
      resolution: 'closure_reason',
    },
    statuses: { Open: 'new', Closed: 'closed' },
    channels: {
      'Citizens Connect App': 'mobile',
      'Constituent Call': 'phone',
      'Self Service': 'web',
      'Employee Generated': 'field',
      'City Worker App': 'field',
      'Maximo Integration': 'field',
      Twitter: 'social',
      'E-mail': 'email',
      Email: 'email',
      'Walk-In': 'walk_in',
    },
    defaultChannel: 'phone',
    closeReasons: [['case invalid', 'no_action_needed'], ...COMMON_CLOSE_REASONS],
  }),
};
