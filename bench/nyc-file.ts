import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

// A NYC 311 open-data export (the 41 Title Case columns) of any size, for the import benchmark.
// Values follow the real export's shapes: US dates in New York time, agencies and complaint types
// from the real list, coordinates inside the five boroughs, quoted fields with commas.

const HEADER =
  'Unique Key,Created Date,Closed Date,Agency,Agency Name,Complaint Type,Descriptor,Location Type,Incident Zip,Incident Address,Street Name,Cross Street 1,Cross Street 2,Intersection Street 1,Intersection Street 2,Address Type,City,Landmark,Facility Type,Status,Due Date,Resolution Description,Resolution Action Updated Date,Community Board,BBL,Borough,X Coordinate (State Plane),Y Coordinate (State Plane),Open Data Channel Type,Park Facility Name,Park Borough,Vehicle Type,Taxi Company Borough,Taxi Pick Up Location,Bridge Highway Name,Bridge Highway Direction,Road Ramp,Bridge Highway Segment,Latitude,Longitude,Location';

const TYPES: Array<[string, string, string, string]> = [
  ['NYPD', 'New York City Police Department', 'Noise - Residential', 'Loud Music/Party'],
  ['NYPD', 'New York City Police Department', 'Illegal Parking', 'Blocked Hydrant'],
  ['NYPD', 'New York City Police Department', 'Blocked Driveway', 'No Access'],
  ['HPD', 'Department of Housing Preservation and Development', 'HEAT/HOT WATER', 'ENTIRE BUILDING'],
  ['DSNY', 'Department of Sanitation', 'Missed Collection', 'Trash'],
  ['DOT', 'Department of Transportation', 'Street Condition', 'Pothole'],
  ['DOT', 'Department of Transportation', 'Street Light Condition', 'Street Light Out'],
  ['DEP', 'Department of Environmental Protection', 'Water System', 'Leak (Use Comments) (WA2)'],
  ['DPR', 'Department of Parks and Recreation', 'Damaged Tree', 'Branch Cracked and Will Fall'],
  ['DOB', 'Department of Buildings', 'General Construction/Plumbing', 'Working Contrary To Stop Work Order'],
  ['DSNY', 'Department of Sanitation', 'Graffiti', 'Graffiti'],
  ['DHS', 'Department of Homeless Services', 'Homeless Person Assistance', 'Chronic'],
];
const BOROUGHS = ['MANHATTAN', 'BROOKLYN', 'QUEENS', 'BRONX', 'STATEN ISLAND'];
const CHANNELS = ['PHONE', 'ONLINE', 'MOBILE', 'UNKNOWN'];
const RESOLUTIONS = [
  'The Police Department responded to the complaint and took action to fix the condition.',
  'The Department of Transportation inspected this complaint and repaired the problem.',
  'The complaint you filed is a duplicate of a condition already reported by another resident.',
  'The Department of Sanitation investigated this complaint and found no condition at the location.',
];

const pad = (n: number) => String(n).padStart(2, '0');
function usDate(ms: number): string {
  const d = new Date(ms - 4 * 3_600_000); // near enough to New York wall time for generated data
  const h = d.getUTCHours();
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(h % 12 || 12)}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

export async function writeNycFile(path: string, rows: number, firstKey = 50_000_000): Promise<number> {
  const out = createWriteStream(path);
  out.write(`${HEADER}\n`);
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const start = Date.UTC(2022, 0, 1);
  const span = 3 * 365 * 86_400_000;
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const [agency, agencyName, type, descriptor] = TYPES[Math.floor(rnd() * TYPES.length)]!;
    const created = start + Math.floor((i / rows) * span);
    const closedMs = rnd() < 0.85 ? created + Math.floor(rnd() * 10 * 86_400_000) : null;
    const lat = 40.55 + rnd() * 0.3;
    const lng = -74.1 + rnd() * 0.35;
    const borough = BOROUGHS[Math.floor(rnd() * BOROUGHS.length)]!;
    const street = `${Math.floor(rnd() * 200) + 1} STREET`;
    const resolution = closedMs ? RESOLUTIONS[Math.floor(rnd() * RESOLUTIONS.length)]! : '';
    buf +=
      [
        firstKey + i,
        usDate(created),
        closedMs ? usDate(closedMs) : '',
        agency,
        agencyName,
        type,
        descriptor,
        'Street/Sidewalk',
        String(10001 + Math.floor(rnd() * 400)),
        `${Math.floor(rnd() * 900) + 1} ${street}`,
        street,
        '',
        '',
        '',
        '',
        'ADDRESS',
        borough,
        '',
        'N/A',
        closedMs ? 'Closed' : 'In Progress',
        '',
        `"${resolution}"`,
        closedMs ? usDate(closedMs) : '',
        `01 ${borough}`,
        '',
        borough,
        '1000000',
        '200000',
        CHANNELS[Math.floor(rnd() * CHANNELS.length)],
        'Unspecified',
        borough,
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        lat.toFixed(6),
        lng.toFixed(6),
        `"(${lat.toFixed(6)}, ${lng.toFixed(6)})"`,
      ].join(',') + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.write(buf);
  out.end();
  await once(out, 'finish');
  return rows;
}
