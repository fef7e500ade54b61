#!/usr/bin/env node
// Runs the compiled CLI when it has been built (npm install builds it), else the TypeScript
// sources through tsx, so a fresh checkout works either way.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
let cli;
if (existsSync(compiled) && !process.env.CIVICDESK_FROM_SOURCE) {
  cli = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
await cli.runCli(process.argv.slice(2));
