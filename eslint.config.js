// Lint: typescript-eslint's recommended rules, plus the architecture's one hard rule: the
// domain and the use cases import no HTTP framework and no database driver.
import tseslint from 'typescript-eslint';

const FORBIDDEN_IN_CORE = [
  { group: ['fastify', 'fastify-*', '@fastify/*'], message: 'src/domain and src/app are HTTP-free: put this in src/server/.' },
  { group: ['pg', 'pg-*', '@electric-sql/*', 'drizzle-orm', 'drizzle-orm/*'], message: 'src/domain and src/app are database-free: use a port from src/app/ports.ts.' },
  { group: ['**/db/*', '**/db/**', '**/server/*', '**/server/**', '**/cli/*', '**/jobs/*', '**/jobs/**'], message: 'the core must not depend on outer layers.' },
  { group: ['nodemailer', 'sharp', 'pino'], message: 'adapters live outside src/domain and src/app.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'web/dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/domain/**/*.ts', 'src/app/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: FORBIDDEN_IN_CORE }] },
  },
);
