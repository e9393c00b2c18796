// `npm test`: everything, in the order that fails fastest. Typecheck, lint, then every
// Vitest project (unit and data on SQLite and PostgreSQL, HTTP, browser).
import { spawnSync } from "node:child_process";

const steps = [
  ["typecheck", ["npm", ["run", "typecheck", "--silent"]]],
  ["lint", ["npx", ["biome", "check", "."]]],
  ["tests", ["npx", ["vitest", "run", ...process.argv.slice(2)]]],
];

for (const [name, [cmd, args]] of steps) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (r.status !== 0) {
    console.error(`\n${name} failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
}
