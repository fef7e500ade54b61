// Builders that keep the service catalogue (catalogue.ts) short and uniform.

import type { DemoQuestion, DemoService } from './catalogue.js';

type Value = NonNullable<DemoQuestion['values']>[number];

/** A list value: key, English name, Spanish name. */
export function v(key: string, name: string, nameEs: string): Value {
  return { key, name, nameEs };
}

export const YES_NO: Value[] = [v('yes', 'Yes', 'Sí'), v('no', 'No', 'No')];
export const YES_NO_UNSURE: Value[] = [...YES_NO, v('unsure', 'Not sure', 'No estoy seguro')];

/** The parks, as list values; the names match PARKS in geography.ts. */
export const PARK_VALUES: Value[] = [
  v('alder_creek', 'Alder Creek Park', 'Parque Alder Creek'),
  v('veterans_memorial', 'Veterans Memorial Park', 'Parque Memorial de los Veteranos'),
  v('brookside', 'Brookside Park', 'Parque Brookside'),
  v('mountain_view', 'Mountain View Park', 'Parque Mountain View'),
  v('los_olivos', 'Los Olivos Park', 'Parque Los Olivos'),
  v('ramona', 'Ramona Park', 'Parque Ramona'),
  v('sunrise', 'Sunrise Park', 'Parque Sunrise'),
  v('mission_sports', 'Mission Sports Complex', 'Complejo Deportivo Mission'),
];

export const VEHICLE_COLOURS: Value[] = [
  v('white', 'White', 'Blanco'),
  v('black', 'Black', 'Negro'),
  v('silver', 'Silver', 'Plateado'),
  v('gray', 'Gray', 'Gris'),
  v('red', 'Red', 'Rojo'),
  v('blue', 'Blue', 'Azul'),
  v('green', 'Green', 'Verde'),
  v('tan', 'Tan or brown', 'Beige o café'),
  v('other', 'Other', 'Otro'),
];

export function single(code: string, required: boolean, description: string, descriptionEs: string, values: Value[]): DemoQuestion {
  return { code, datatype: 'singlevaluelist', required, description, descriptionEs, values };
}

export function multi(code: string, required: boolean, description: string, descriptionEs: string, values: Value[]): DemoQuestion {
  return { code, datatype: 'multivaluelist', required, description, descriptionEs, values };
}

export function yesNo(code: string, required: boolean, description: string, descriptionEs: string, unsure = false): DemoQuestion {
  return single(code, required, description, descriptionEs, unsure ? YES_NO_UNSURE : YES_NO);
}

export function str(code: string, required: boolean, description: string, descriptionEs: string): DemoQuestion {
  return { code, datatype: 'string', required, description, descriptionEs };
}

export function text(code: string, required: boolean, description: string, descriptionEs: string): DemoQuestion {
  return { code, datatype: 'text', required, description, descriptionEs };
}

export function num(code: string, required: boolean, description: string, descriptionEs: string): DemoQuestion {
  return { code, datatype: 'number', required, description, descriptionEs };
}

export function when(code: string, required: boolean, description: string, descriptionEs: string): DemoQuestion {
  return { code, datatype: 'datetime', required, description, descriptionEs };
}

/** Service groups: English and Spanish names. */
export const GROUPS = {
  streets: ['Streets & Sidewalks', 'Calles y aceras'],
  trash: ['Trash & Recycling', 'Basura y reciclaje'],
  graffiti: ['Graffiti & Litter', 'Grafiti y basura en la vía pública'],
  water: ['Water & Sewer', 'Agua y alcantarillado'],
  parks: ['Parks & Trees', 'Parques y árboles'],
  lights: ['Street Lights & Signals', 'Alumbrado público y semáforos'],
  parking: ['Parking & Vehicles', 'Estacionamiento y vehículos'],
  code: ['Property & Code Enforcement', 'Propiedades y cumplimiento de códigos'],
  safety: ['Neighborhood Safety', 'Seguridad en el vecindario'],
  info: ['Questions & Information', 'Preguntas e información'],
  internal: ['Internal (staff only)', 'Uso interno (solo personal)'],
} as const satisfies Record<string, readonly [string, string]>;

export type GroupKey = keyof typeof GROUPS;

/** A service with the common defaults filled in: public, not information-only, normal priority,
 *  acknowledged within one business day, and a 50 m duplicate radius. */
export function service(
  def: Omit<DemoService, 'group' | 'groupEs' | 'visibility' | 'informationOnly' | 'defaultPriority' | 'ackWithinHours' | 'inBusinessHours' | 'duplicateRadiusM'> &
    Partial<Pick<DemoService, 'visibility' | 'informationOnly' | 'defaultPriority' | 'ackWithinHours' | 'inBusinessHours' | 'duplicateRadiusM'>> & { group: GroupKey },
): DemoService {
  const [group, groupEs] = GROUPS[def.group];
  const out: DemoService = {
    code: def.code,
    name: def.name,
    nameEs: def.nameEs,
    group,
    groupEs,
    departmentCode: def.departmentCode,
    description: def.description,
    descriptionEs: def.descriptionEs,
    keywords: def.keywords,
    visibility: def.visibility ?? 'public',
    informationOnly: def.informationOnly ?? false,
    defaultPriority: def.defaultPriority ?? 'normal',
    ackWithinHours: def.ackWithinHours === undefined ? 8 : def.ackWithinHours,
    resolveWithinHours: def.resolveWithinHours,
    inBusinessHours: def.inBusinessHours ?? true,
    duplicateRadiusM: def.duplicateRadiusM ?? 50,
    kbAnswer: def.kbAnswer,
    kbAnswerEs: def.kbAnswerEs,
    questions: def.questions,
    weight: def.weight,
  };
  if (def.notice !== undefined) out.notice = def.notice;
  if (def.noticeEs !== undefined) out.noticeEs = def.noticeEs;
  return out;
}

/** An information-only service: answered on the spot from the knowledge base, so no targets. */
export function infoService(def: Omit<Parameters<typeof service>[0], 'resolveWithinHours'>): DemoService {
  return service({ ...def, informationOnly: true, ackWithinHours: null, resolveWithinHours: null, defaultPriority: 'low', duplicateRadiusM: 0 });
}
