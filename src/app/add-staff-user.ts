import { invalid } from '../domain/errors.js';
import { isOneOf, ROLES, type Role } from '../domain/vocabulary.js';
import type { PasswordHasher } from './ports.js';

export interface AddStaffInput {
  email: string;
  name?: string | undefined;
  role: string;
  departmentCodes: string[];
  password?: string | undefined;
}

export interface StaffWriter {
  departmentIdByCode(code: string): Promise<number | undefined>;
  upsertStaff(u: { email: string; name: string; role: Role; passwordHash: string; departmentIds: number[] }): Promise<number>;
}

export const MIN_PASSWORD = 12;

/** Adds (or updates) a staff user. Without a password, one is generated and returned once. */
export async function addStaffUser(writer: StaffWriter, passwords: PasswordHasher, input: AddStaffInput) {
  const email = input.email.trim().toLowerCase();
  const issues = [];
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) issues.push({ field: 'email', message: 'is not an e-mail address' });
  if (!isOneOf(ROLES, input.role)) issues.push({ field: 'role', message: `must be one of ${ROLES.join(', ')}` });
  if (input.password !== undefined && input.password.length < MIN_PASSWORD) issues.push({ field: 'password', message: `must be at least ${MIN_PASSWORD} characters` });
  const departmentIds: number[] = [];
  for (const code of input.departmentCodes) {
    const id = await writer.departmentIdByCode(code);
    if (id === undefined) issues.push({ field: 'department', message: `no department with code ${code}` });
    else departmentIds.push(id);
  }
  if ((input.role === 'department_staff' || input.role === 'field') && input.departmentCodes.length === 0) {
    issues.push({ field: 'department', message: `a ${input.role} user needs at least one --department` });
  }
  if (issues.length) throw invalid(issues);
  const password = input.password ?? Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(15))).toString('base64url');
  const id = await writer.upsertStaff({
    email,
    name: input.name?.trim() || email.split('@')[0]!,
    role: input.role as Role,
    passwordHash: await passwords.hash(password),
    departmentIds,
  });
  return { id, email, generatedPassword: input.password === undefined ? password : undefined };
}
