// Fictional residents who report things: names typical of a bilingual Inland Empire town, e-mail addresses
// on example.com / example.org and phone numbers in the 555-01xx range reserved for fiction.

import { chance, int, pick, type Rng } from './random.js';

const HISPANIC_FIRST = [
  'María', 'José', 'Juan', 'Guadalupe', 'Luis', 'Carmen', 'Ana', 'Jorge', 'Rosa', 'Francisco', 'Alejandra', 'Miguel',
  'Verónica', 'Ricardo', 'Elena', 'Sergio', 'Adriana', 'Javier', 'Leticia', 'Fernando', 'Yesenia', 'Eduardo', 'Claudia',
  'Raúl', 'Silvia', 'Marco', 'Gabriela', 'Arturo', 'Norma', 'Ramón', 'Daniela', 'Alejandro', 'Maricela', 'Jesús',
  'Patricia', 'Óscar', 'Lucía', 'Ernesto', 'Araceli', 'Diego',
];
const OTHER_FIRST = [
  'James', 'Mary', 'Robert', 'Linda', 'Michael', 'Jennifer', 'David', 'Susan', 'Kevin', 'Ashley', 'Brian', 'Nicole',
  'Jason', 'Stephanie', 'Eric', 'Amanda', 'Thomas', 'Rachel', 'Steven', 'Megan', 'Andre', 'Keisha', 'Darnell', 'Tiffany',
  'Wei', 'Thanh', 'Priya', 'Hiroshi', 'Mei', 'Anh', 'Sanjay', 'Grace', 'Kenji', 'Joyce', 'Samuel', 'Brenda',
];
const HISPANIC_LAST = [
  'Garcia', 'Hernandez', 'Lopez', 'Martinez', 'Gonzalez', 'Rodriguez', 'Perez', 'Sanchez', 'Ramirez', 'Torres', 'Flores',
  'Rivera', 'Gomez', 'Diaz', 'Cruz', 'Morales', 'Reyes', 'Gutierrez', 'Ortiz', 'Chavez', 'Ramos', 'Ruiz', 'Alvarez',
  'Mendoza', 'Vasquez', 'Castillo', 'Jimenez', 'Moreno', 'Romero', 'Herrera', 'Medina', 'Aguilar', 'Vargas', 'Castro',
  'Guzman', 'Fernandez', 'Juarez', 'Salazar', 'Rojas', 'Delgado', 'Avila', 'Cervantes', 'Contreras', 'Ibarra',
];
const OTHER_LAST = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore',
  'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Nguyen', 'Tran', 'Kim', 'Park', 'Chen',
  'Wang', 'Patel', 'Singh', 'Wong', 'Le', 'Robinson', 'Walker', 'Young', 'Allen', 'Wright', 'Scott',
];
const AREA_CODES = ['909', '626', '951'];

export interface Person {
  name: string;
  email: string;
  phone: string;
  locale: 'en' | 'es';
}

const unaccented = new Map<string, string>();
/** The name without accents ("Raúl" → "Raul"), cached: the name lists are short. */
function unaccent(s: string): string {
  let u = unaccented.get(s);
  if (u === undefined) unaccented.set(s, (u = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '')));
  return u;
}
const plain = (s: string): string => unaccent(s).toLowerCase().replace(/[^a-z]/g, '');

/** A new fictional resident. Spanish speakers nearly all have Hispanic names; English speakers about 45%. */
export function newPerson(rng: Rng, locale: 'en' | 'es'): Person {
  const hispanic = chance(rng, locale === 'es' ? 0.96 : 0.45);
  const first = pick(rng, hispanic ? HISPANIC_FIRST : OTHER_FIRST);
  // Everyday English records often drop the accents; Spanish speakers usually keep them.
  const shownFirst = locale === 'es' || chance(rng, 0.3) ? first : unaccent(first);
  const last = pick(rng, hispanic ? HISPANIC_LAST : OTHER_LAST);
  const f = plain(first);
  const l = plain(last);
  const domain = chance(rng, 0.6) ? 'example.com' : 'example.org';
  const local = pick(rng, [`${f}.${l}`, `${f}${l}${int(rng, 1, 99)}`, `${f[0]}${l}`, `${f}_${l}${int(rng, 60, 99)}`, `${l}.${f}`]);
  const phone = `(${pick(rng, AREA_CODES)}) 555-01${String(int(rng, 0, 99)).padStart(2, '0')}`;
  return { name: `${shownFirst} ${last}`, email: `${local}@${domain}`, phone, locale };
}
