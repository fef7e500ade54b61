import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { DatabaseHandle } from '../db/connect.js';
import { upsertDepartment, upsertService, type ServiceInput } from '../db/repositories/catalogue.js';
import { one, sql } from '../db/sql.js';
import { slug } from '../domain/import-mapping.js';
import { ATTRIBUTE_DATATYPES, isOneOf } from '../domain/vocabulary.js';

// `civicdesk import services FILE`: a city's Open311 GeoReport v2 service list (services.xml or
// services.json) and the service definitions (attributes) of those with metadata=true. Definitions
// come from --definitions files, or sit beside the list as <list name>-<code>.xml|json (how the DC
// fixtures are saved). Services are matched by code: a re-run updates them.

type Obj = Record<string, unknown>;

export interface ImportServicesOptions {
  definitions?: string[];
  /** The department that owns the imported services (its code); created when missing. */
  department?: string;
}

export interface ImportServicesResult {
  services: number;
  withDefinitions: number;
  attributes: number;
}

const xml = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false, // "001" stays a string
  trimValues: true,
  isArray: (name) => ['service', 'attribute', 'value'].includes(name),
});

function read(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  return /^\s*[[{]/.test(text) ? JSON.parse(text) : xml.parse(text);
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v).trim());
const bool = (v: unknown): boolean => str(v).toLowerCase() === 'true';
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : v && typeof v === 'object' ? [v as Obj] : []);

/** The services of a list document, XML (<services><service>) or JSON (an array). */
export function parseServiceList(doc: unknown): Obj[] {
  if (Array.isArray(doc)) return doc as Obj[];
  const services = (doc as Obj).services;
  return list(services && typeof services === 'object' ? (services as Obj).service ?? services : undefined);
}

/** A definition document's code and attributes (JSON, or XML with or without the <attributes> wrapper). */
export function parseDefinition(doc: unknown): { code: string; attributes: Obj[] } {
  const d = ((doc as Obj).service_definition ?? doc) as Obj;
  const attrs = d.attributes && typeof d.attributes === 'object' && !Array.isArray(d.attributes) ? (d.attributes as Obj).attribute : d.attributes ?? d.attribute;
  return { code: str(d.service_code), attributes: list(attrs) };
}

export async function importServices(deps: { handle: DatabaseHandle }, file: string, options: ImportServicesOptions = {}): Promise<ImportServicesResult> {
  const db = deps.handle.db;
  const services = parseServiceList(read(file));
  const definitions = new Map<string, Obj[]>();
  for (const f of options.definitions ?? []) {
    const d = parseDefinition(read(f));
    definitions.set(d.code, d.attributes);
  }
  const depCode = options.department ?? 'imported';
  const existing = await one<{ id: number }>(db, sql`select id from departments where lower(code) = lower(${depCode})`);
  const departmentId = existing ? Number(existing.id) : await upsertDepartment(db, { code: slug(depCode), name: options.department ? depCode : 'Imported (no department)' });
  const result: ImportServicesResult = { services: 0, withDefinitions: 0, attributes: 0 };
  await db.transaction(async (tx) => {
    for (const s of services) {
      const code = str(s.service_code);
      if (!code) continue;
      let attributes = definitions.get(code);
      if (!attributes && bool(s.metadata)) {
        const beside = ['.xml', '.json'].map((ext) => join(dirname(file), `${basename(file, extname(file))}-${code}${ext}`)).find((f) => existsSync(f));
        if (beside) attributes = parseDefinition(read(beside)).attributes;
      }
      const input: ServiceInput = {
        code,
        name: str(s.service_name) || code,
        group: str(s.group) || 'Other',
        departmentId,
        description: str(s.description),
        keywords: str(s.keywords).split(',').map((k) => k.trim()).filter(Boolean),
        ...(attributes ? { attributes: attributes.map(toAttribute) } : {}),
      };
      await upsertService(tx as unknown as typeof db, input);
      result.services++;
      if (attributes) {
        result.withDefinitions++;
        result.attributes += attributes.length;
      }
    }
  });
  return result;
}

function toAttribute(a: Obj, i: number) {
  const datatype = str(a.datatype).toLowerCase();
  const values = list(a.values && typeof a.values === 'object' && !Array.isArray(a.values) ? (a.values as Obj).value : a.values);
  return {
    code: str(a.code),
    datatype: isOneOf(ATTRIBUTE_DATATYPES, datatype) ? datatype : 'string',
    variable: a.variable === undefined ? true : bool(a.variable),
    required: bool(a.required),
    position: Number(str(a.order)) || i + 1,
    description: str(a.description) || str(a.code),
    datatypeDescription: str(a.datatype_description) || null,
    values: values.map((v) => ({ key: str(v.key), name: str(v.name) || str(v.key) })),
  };
}
