import { upsertDepartment, upsertService } from '../db/repositories/catalogue.js';
import { rows, sql, type Db } from '../db/sql.js';
import { slug } from '../domain/import-mapping.js';

// Services and departments named by an import, matched to the city's by code or name (case-
// insensitively), created when new. A dry run creates nothing and counts what it would create.

const FALLBACK_DEPARTMENT = { code: 'imported', name: 'Imported (no department)' };

export class CatalogueMatcher {
  private departments = new Map<string, number>();
  private services = new Map<string, { id: number; departmentId: number }>();
  private fakeId = -1;
  departmentsCreated = 0;
  servicesCreated = 0;

  private constructor(
    private db: Db,
    private dryRun: boolean,
  ) {}

  static async load(db: Db, dryRun: boolean): Promise<CatalogueMatcher> {
    const m = new CatalogueMatcher(db, dryRun);
    for (const d of await rows<{ id: number; code: string; name: string }>(db, sql`select id, code, name from departments`)) {
      m.departments.set(`code:${d.code.toLowerCase()}`, Number(d.id));
      m.departments.set(`name:${d.name.toLowerCase()}`, Number(d.id));
    }
    for (const s of await rows<{ id: number; code: string; name: string; department_id: number }>(db, sql`select id, code, name, department_id from services`)) {
      const v = { id: Number(s.id), departmentId: Number(s.department_id) };
      m.services.set(`code:${s.code.toLowerCase()}`, v);
      if (!m.services.has(`name:${s.name.toLowerCase()}`)) m.services.set(`name:${s.name.toLowerCase()}`, v);
    }
    return m;
  }

  async department(code: string | null, name: string | null): Promise<number | null> {
    if (!code && !name) return null;
    const c = code ? slug(code) : slug(name!);
    const hit = this.departments.get(`code:${c}`) ?? (code ? this.departments.get(`code:${code.toLowerCase()}`) : undefined) ?? (name ? this.departments.get(`name:${name.toLowerCase()}`) : undefined);
    if (hit !== undefined) return hit;
    const id = await this.create(() => upsertDepartment(this.db, { code: c, name: name ?? code! }));
    this.departmentsCreated++;
    this.departments.set(`code:${c}`, id);
    if (code) this.departments.set(`code:${code.toLowerCase()}`, id);
    if (name) this.departments.set(`name:${name.toLowerCase()}`, id);
    return id;
  }

  /** The service and the department a request goes to: the row's own department, else the service's. */
  async service(code: string, name: string, departmentId: number | null, group: string | null): Promise<{ id: number; departmentId: number }> {
    const hit = this.services.get(`code:${code.toLowerCase()}`) ?? this.services.get(`name:${name.toLowerCase()}`);
    if (hit) return { id: hit.id, departmentId: departmentId ?? hit.departmentId };
    const dep = departmentId ?? (await this.department(FALLBACK_DEPARTMENT.code, FALLBACK_DEPARTMENT.name))!;
    const id = await this.create(() => upsertService(this.db, { code, name, group: group ?? 'Imported', departmentId: dep, description: '' }));
    this.servicesCreated++;
    const v = { id, departmentId: dep };
    this.services.set(`code:${code.toLowerCase()}`, v);
    this.services.set(`name:${name.toLowerCase()}`, v);
    return v;
  }

  private async create(fn: () => Promise<number>): Promise<number> {
    return this.dryRun ? this.fakeId-- : fn();
  }
}
