// Builds the production bundle when it is missing or older than the sources. Used by
// `npm start` and by the browser tests.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

const SOURCES = [
  "app",
  "server",
  "public",
  "package.json",
  "package-lock.json",
  "vite.config.ts",
  "react-router.config.ts",
];
const OUTPUTS = ["build/main.js", "build/server/index.js"];

function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(p)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

const LOCK = ".build.lock";

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** One build at a time, across processes (parallel test workers, a second terminal). */
function withLock(fn) {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(`${LOCK}/pid`, String(process.pid));
      break;
    } catch {
      let holder = 0;
      try {
        holder = Number(readFileSync(`${LOCK}/pid`, "utf8"));
      } catch {}
      let alive = false;
      try {
        if (holder) process.kill(holder, 0);
        alive = holder > 0;
      } catch {}
      if (!alive && holder) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for ${LOCK}`);
      sleep(250);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export function ensureBuild(options = {}) {
  return withLock(() => buildIfStale(options));
}

function buildIfStale({ quiet = false } = {}) {
  const builtAt = Math.min(...OUTPUTS.map((o) => (existsSync(o) ? statSync(o).mtimeMs : 0)));
  const changedAt = Math.max(...SOURCES.map(newest));
  if (builtAt !== 0 && changedAt <= builtAt) return false;
  if (!quiet) {
    console.log(
      builtAt === 0
        ? "No build yet: building SPOT 035…"
        : "Sources changed since the last build: rebuilding…",
    );
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
