// Builds the production bundle when it is missing or older than the sources. Used by
// `npm start` and by the browser tests.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "server", "public", "package.json", "package-lock.json", "vite.config.ts", "react-router.config.ts"];
const OUTPUTS = ["build/main.js", "build/server/index.js"];

function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(p)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

export function ensureBuild({ quiet = false } = {}) {
  const builtAt = Math.min(...OUTPUTS.map((o) => (existsSync(o) ? statSync(o).mtimeMs : 0)));
  const changedAt = Math.max(...SOURCES.map(newest));
  if (builtAt !== 0 && changedAt <= builtAt) return false;
  if (!quiet) {
    console.log(builtAt === 0 ? "No build yet: building SPOT 035…" : "Sources changed since the last build: rebuilding…");
  }
  const r = spawnSync("npm", ["run", "build", "--silent"], {
    stdio: quiet ? "pipe" : "inherit",
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}`);
    throw new Error("The build failed; see the messages above.");
  }
  return true;
}
