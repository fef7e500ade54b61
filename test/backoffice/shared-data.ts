import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

// The real 311 files live beside the project (../shared/data from /work/main); a worktree sits one level
// deeper, so look in both places, or where CIVICDESK_SHARED_DATA says.
const root = fileURLToPath(new URL('../../', import.meta.url));
const candidates = [process.env.CIVICDESK_SHARED_DATA, resolve(root, '../shared/data'), resolve(root, '../../shared/data'), '/work/shared/data'].filter(Boolean) as string[];

export const SHARED_DATA = candidates.find((d) => existsSync(join(d, 'README.md')));

export const sharedFile = (path: string) => join(SHARED_DATA ?? '/nonexistent', path);
