// The benchmark: `npm run bench -- [--size region] [--database-url …] [--duration 10]
//                  [--connections 32] [--only home,autosave] [--no-write]`
//
// 1. Builds when the build is stale (scripts/ensure-build.mjs).
// 2. Seeds a database of the chosen size (scripts/seed-scale.ts). SQLite: the seeded file is
//    cached under bench/.cache/ (keyed by the generator, migrations and instruments) and each run
//    works on a copy. PostgreSQL (--database-url postgres://…): the database is seeded when it
//    is empty and reused otherwise.
// 3. Adds fixtures (bench/prepare.ts): sessions and scan owner tokens, as cookies.
// 4. Starts the production build (build/main.js) as a child process, and a ceiling server
//    (bench/ceiling.mjs: bare node:http answering the home page's bytes).
// 5. Per scenario, runs autocannon in a separate process (bench/load.mjs): a warm-up, then the
//    measured run; samples the server's RSS meanwhile.
// 6. Measures HTML and JavaScript bytes per page as a browser gets them (brotli).
// 7. Writes bench/results/<date>.json and the table in bench/README.md.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { ensureBuild } from "../scripts/ensure-build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

function arg(name, fallback) {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const a = process.argv[i];
  return a.includes("=") ? a.slice(a.indexOf("=") + 1) : process.argv[i + 1];
}
const size = arg("size", "region");
const duration = Number(arg("duration", "10"));
const connections = Number(arg("connections", "32"));
const only = arg("only", "").split(",").filter(Boolean);
const write = !process.argv.includes("--no-write");
// Extra Node options for the server, e.g. `--node-args="--cpu-prof --cpu-prof-dir=/tmp/prof"`.
const nodeArgs = arg("node-args", "").split(" ").filter(Boolean);
// Server processes (WEB_CONCURRENCY): 1 by default; "auto" = one per CPU.
const processes = arg("processes", "1");
const givenUrl = arg("database-url", "");
const dialect = givenUrl.startsWith("postgres") ? "postgres" : "sqlite";
const tsx = path.join(root, "node_modules/.bin/tsx");

const log = (...a) => console.log(...a);
// Other work on the machine shows here (and in the ceiling): note it with the figures.
const loadAtStart = os
  .loadavg()
  .map((n) => n.toFixed(1))
  .join(" ");

// ---------------------------------------------------------------------------------------------
// 1. Build
ensureBuild();

// ---------------------------------------------------------------------------------------------
// 2. A seeded database

function hashOf(paths) {
  const h = createHash("sha1");
  const walk = (p) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) for (const n of readdirSync(p).sort()) walk(path.join(p, n));
    else h.update(p).update(readFileSync(p));
  };
  for (const p of paths) walk(p);
  return h.digest("hex").slice(0, 12);
}

function seed(url) {
  const t0 = Date.now();
  const r = spawnSync(tsx, ["scripts/seed-scale.ts", "--size", size, "--database-url", url], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  process.stdout.write(r.stdout);
  if (r.status !== 0) throw new Error("seeding failed");
  const m = /done in ([\d.]+) s; database size (.*)/.exec(r.stdout);
  return { seconds: m ? Number(m[1]) : (Date.now() - t0) / 1000, size: m?.[2] ?? "?" };
}

let databaseUrl = givenUrl;
let seedInfo = { cached: true };
if (dialect === "sqlite") {
  const cacheDir = path.join(root, "bench/.cache");
  mkdirSync(cacheDir, { recursive: true });
  const key = hashOf([
    "scripts/seed-scale.ts",
    "app/db/migrations",
    "app/db/seed.server.ts",
    "app/db/demo-scans.server.ts",
    "instruments",
  ]);
  const cached = path.join(cacheDir, `${size}-${key}.db`);
  if (!existsSync(cached)) {
    for (const f of readdirSync(cacheDir))
      if (f.startsWith(`${size}-`)) rmSync(path.join(cacheDir, f), { force: true });
    const tmp = `${cached}.tmp`;
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
    log(`seeding ${size} (cached as ${path.relative(root, cached)}) …`);
    seedInfo = { cached: false, ...seed(`file:${tmp}`) };
    renameSync(tmp, cached);
  } else log(`using cached ${path.relative(root, cached)}`);
  const work = path.join(cacheDir, "run.db");
  for (const f of [work, `${work}-wal`, `${work}-shm`]) rmSync(f, { force: true });
  copyFileSync(cached, work);
  databaseUrl = `file:${work}`;
} else {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: givenUrl });
  await client.connect();
  const has = await client
    .query("select count(*)::int as n from companies")
    .then((r) => r.rows[0].n)
    .catch(() => 0);
  await client.end();
  if (has > 0) log("using the seeded PostgreSQL database as it is");
  else {
    log(`seeding ${size} into PostgreSQL …`);
    seedInfo = { cached: false, ...seed(givenUrl) };
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Fixtures
const fixtures = JSON.parse(
  execFileSync(tsx, ["bench/prepare.ts", "--database-url", databaseUrl], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }),
);

// ---------------------------------------------------------------------------------------------
// 4. Servers

function startChild(cmd, args, env, ready) {
  const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const lines = [];
  return new Promise((resolve, reject) => {
    let buffer = "";
    const timer = setTimeout(() => reject(new Error(`no start:\n${lines.join("\n")}`)), 60_000);
    child.stdout.on("data", (chunk) => {
      // The server's request log is read and dropped, as a log collector would.
      buffer += chunk;
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const port = ready(line);
        if (port) {
          clearTimeout(timer);
          resolve({ child, port });
        } else if (lines.length < 50) lines.push(line);
        nl = buffer.indexOf("\n");
      }
    });
    child.stderr.on("data", (c) => process.stderr.write(c));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${lines.join("\n")}`));
    });
  });
}

const app = await startChild(
  process.execPath,
  [...nodeArgs, "build/main.js"],
  {
    PATH: process.env.PATH ?? "",
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    DATABASE_URL: databaseUrl,
    WEB_CONCURRENCY: processes,
  },
  (line) => (line.includes('"SPOT 035 is listening"') ? JSON.parse(line).port : 0),
);
const origin = `http://127.0.0.1:${app.port}`;
log(`server at ${origin} (pid ${app.child.pid}) on ${databaseUrl.replace(/:[^:@/]*@/, ":***@")}`);

/** A process and its children (the server processes of a cluster). */
function withChildren(pid) {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${out[i]}/task`)) {
        const kids = readFileSync(`/proc/${out[i]}/task/${task}/children`, "utf8").trim();
        if (kids) out.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // gone
    }
  }
  return out;
}

/** CPU time (user + system) the server has used, in ms: robust against a busy machine. */
function cpuMsOf(pid) {
  let total = 0;
  for (const p of withChildren(pid)) {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      // gone
    }
  }
  return total;
}

/** Resident memory of the server (all its processes), in bytes. */
function rssOf(pid) {
  let total = 0;
  for (const p of withChildren(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // gone
    }
  }
  return total;
}

/** One request without decompressing: status, headers, raw body. */
function fetchRaw(url, headers = {}, method = "GET", body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}
const decode = (r) =>
  r.headers["content-encoding"] === "br" ? zlib.brotliDecompressSync(r.body) : r.body;

const BR = { "Accept-Encoding": "br, gzip", Accept: "text/html" };

// ---------------------------------------------------------------------------------------------
// 5. Scenarios

const pick = (list, i) => list[i % list.length];
const autosaveItems = fixtures.inProgress.map((s, i) => ({
  method: "POST",
  path: `/scan/${s.id}/antwoord`,
  headers: {
    Cookie: s.cookie,
    "Content-Type": "application/x-www-form-urlencoded",
    Origin: origin,
    "Sec-Fetch-Site": "same-origin",
    "Accept-Encoding": "br, gzip",
  },
  body: new URLSearchParams([
    ["question", fixtures.autosave.question],
    ["intent", "autosave"],
    [fixtures.autosave.field, pick(fixtures.autosave.values, i)],
  ]).toString(),
}));
const questionItems = fixtures.inProgress.map((s) => ({
  path: `/scan/${s.id}/vraag/1`,
  headers: { ...BR, Cookie: s.cookie },
}));
const resultItems = fixtures.completed.map((s) => ({
  path: `/scan/${s.id}/resultaat`,
  headers: { ...BR, Cookie: s.cookie },
}));
const coordinator = { ...BR, Cookie: fixtures.coordinatorCookie };

// The case routes: measured when the route table has them.
const routesSource = readFileSync("app/routes.ts", "utf8");
const hasCases = /route\("casussen"/.test(routesSource);
const hasCase = /route\("casussen\/:id"/.test(routesSource) && fixtures.cases.length > 0;

const scenarios = [
  { name: "home", label: "Home page (anonymous)", items: [{ path: "/", headers: BR }] },
  { name: "scan-question", label: "Scan question page", items: questionItems },
  { name: "autosave", label: "Answer autosave (POST)", items: autosaveItems, expect: 200 },
  { name: "scan-result", label: "Scan result page", items: resultItems },
  {
    name: "intake-list",
    label: "Coordinator: help requests list",
    items: [{ path: "/beheer/aanvragen", headers: coordinator }],
  },
  hasCases
    ? {
        name: "pipeline",
        label: "Coordinator pipeline (cases)",
        items: [{ path: "/casussen", headers: coordinator }],
      }
    : {
        name: "pipeline",
        label: "Coordinator pipeline (cases)",
        skip: "no /casussen route yet",
      },
  hasCase
    ? {
        name: "case",
        label: "Case page",
        items: fixtures.cases.map((id) => ({
          path: `/casussen/${id}`,
          headers: coordinator,
        })),
      }
    : { name: "case", label: "Case page", skip: "no /casussen/:id route yet" },
];

// Mixed: logged-in entrepreneurs browsing and answering, anonymous visitors, a coordinator.
{
  const mixed = [];
  const users = fixtures.userCookies;
  for (let i = 0; i < 400; i++) {
    const user = { ...BR, Cookie: pick(users, i) };
    const x = i % 20;
    if (x < 3) mixed.push({ path: "/", headers: BR });
    else if (x < 5) mixed.push({ path: "/", headers: user });
    else if (x < 7) mixed.push({ path: "/mijn", headers: user });
    else if (x < 10) mixed.push(pick(questionItems, i));
    else if (x < 15) mixed.push(pick(autosaveItems, i));
    else if (x < 17) mixed.push(pick(resultItems, i));
    else if (x < 18) mixed.push({ path: "/scan", headers: user });
    else if (x < 19) mixed.push({ path: "/beheer/aanvragen", headers: coordinator });
    else if (hasCase)
      mixed.push({ path: `/casussen/${pick(fixtures.cases, i)}`, headers: coordinator });
    else mixed.push({ path: "/hulp", headers: BR });
  }
  scenarios.push({
    name: "mixed",
    label: "Mixed workload (logged in)",
    items: mixed,
    mixed: true,
  });
}

// Check every request type once before loading it: a wrong fixture must not measure 404s.
for (const s of scenarios) {
  if (s.skip) continue;
  const seen = new Set();
  for (const item of s.items.slice(0, 40)) {
    const key = `${item.method ?? "GET"} ${item.path.replace(/[0-9a-f-]{36}/g, ":id")}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const r = await fetchRaw(`${origin}${item.path}`, item.headers, item.method, item.body);
    if (r.status !== 200)
      throw new Error(`${s.name}: ${key} answered ${r.status} (expected 200) — fixtures are wrong`);
  }
}

const spool = path.join(os.tmpdir(), `spot-bench-${process.pid}`);
mkdirSync(spool, { recursive: true });

async function load(name, target, items, serverPid) {
  const file = path.join(spool, `${name}.json`);
  writeFileSync(file, JSON.stringify({ origin: target, connections, duration, warmup: 2, items }));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["bench/load.mjs", file], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    let cpuStart = 0;
    // The measured run starts after the warm-up: sample the server's CPU time then.
    const warm = setTimeout(() => {
      cpuStart = cpuMsOf(serverPid);
    }, 2_000);
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.on("exit", (code) => {
      clearTimeout(warm);
      if (code !== 0) return reject(new Error(`load ${name} exited ${code}`));
      const r = JSON.parse(out);
      const cpu = cpuMsOf(serverPid) - cpuStart;
      resolve({ ...r, serverCpuMsPerRequest: cpuStart && r.requests ? cpu / r.requests : null });
    });
  });
}

// The ceiling: the home page's bytes from a bare server.
const homeRes = await fetchRaw(`${origin}/`, BR);
const bodyFile = path.join(spool, "home.body");
writeFileSync(bodyFile, homeRes.body);
const ceilingHeaders = {
  "Content-Type": homeRes.headers["content-type"],
  ...(homeRes.headers["content-encoding"]
    ? { "Content-Encoding": homeRes.headers["content-encoding"] }
    : {}),
};
const ceiling = await startChild(
  process.execPath,
  ["bench/ceiling.mjs", bodyFile, JSON.stringify(ceilingHeaders)],
  { PATH: process.env.PATH ?? "" },
  (line) => (line.startsWith("{") ? JSON.parse(line).port : 0),
);
log(`ceiling (bare node:http, ${homeRes.body.length} B of home page) …`);
const ceilingResult = await load(
  "ceiling",
  `http://127.0.0.1:${ceiling.port}`,
  [{ path: "/", headers: BR }],
  ceiling.child.pid,
);
ceiling.child.kill("SIGTERM");
log(`  ceiling: ${Math.round(ceilingResult.rps)} req/s, p95 ${ceilingResult.p95} ms`);

// ---------------------------------------------------------------------------------------------
// 6. Bytes per page (as the browser gets them: brotli)

const assetCache = new Map();
async function assetBytes(p) {
  if (!assetCache.has(p)) {
    const r = await fetchRaw(`${origin}${p}`, { "Accept-Encoding": "br, gzip" });
    assetCache.set(p, r.body.length);
  }
  return assetCache.get(p);
}
async function pageBytes(item) {
  const r = await fetchRaw(`${origin}${item.path}`, item.headers);
  const html = decode(r).toString("utf8");
  const scripts = new Set([...html.matchAll(/["'](\/assets\/[^"']+\.js)["']/g)].map((m) => m[1]));
  const styles = new Set(
    [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]),
  );
  let js = 0;
  for (const s of scripts) js += await assetBytes(s);
  let css = 0;
  for (const s of styles) css += await assetBytes(s);
  return { html: r.body.length, htmlRaw: html.length, js, jsFiles: scripts.size, css };
}

// ---------------------------------------------------------------------------------------------
// Run

const results = [];
for (const s of scenarios) {
  if (only.length && !only.includes(s.name)) continue;
  if (s.skip) {
    log(`${s.label}: SKIPPED (${s.skip})`);
    results.push({ name: s.name, label: s.label, skipped: s.skip });
    continue;
  }
  let peak = rssOf(app.child.pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(app.child.pid));
  }, 200);
  const r = await load(s.name, origin, s.items, app.child.pid);
  clearInterval(sampler);
  const bytes = s.mixed || s.name === "autosave" ? undefined : await pageBytes(s.items[0]);
  const row = {
    name: s.name,
    label: s.label,
    ...r,
    ratioToCeiling: r.rps / ceilingResult.rps,
    rssPeak: peak,
    bytes,
  };
  results.push(row);
  const bad = Object.entries(r.statuses).filter(([k]) => k !== "200");
  log(
    `${s.label}: ${Math.round(r.rps)} req/s (${(row.ratioToCeiling * 100).toFixed(1)}% of ceiling), p50 ${r.p50} / p95 ${r.p95} / p99 ${r.p99} ms, CPU ${r.serverCpuMsPerRequest?.toFixed(2)} ms/req, RSS ${(peak / 1e6).toFixed(0)} MB${bad.length ? `, other statuses ${JSON.stringify(Object.fromEntries(bad))}` : ""}${r.errors ? `, errors ${r.errors}` : ""}`,
  );
}
const rssEnd = rssOf(app.child.pid);
{
  const exited = new Promise((resolve) => app.child.once("exit", resolve));
  app.child.kill("SIGTERM");
  const timer = setTimeout(() => app.child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}
rmSync(spool, { recursive: true, force: true });

// ---------------------------------------------------------------------------------------------
// 7. Report

const gitRev = (() => {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
})();
const report = {
  date: new Date().toISOString(),
  commit: gitRev,
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? "",
    memoryGB: Math.round(os.totalmem() / 1e9),
    node: process.version,
    loadavg: loadAtStart,
  },
  size,
  dialect,
  connections,
  duration,
  processes,
  seed: seedInfo,
  ceiling: ceilingResult,
  rssEnd,
  results,
};

function table(rep) {
  const ms = (n) => (n === undefined ? "" : n < 10 ? n.toFixed(1) : String(Math.round(n)));
  const kb = (n) => (n === undefined ? "" : (n / 1024).toFixed(1));
  const lines = [
    `Run ${rep.date.slice(0, 16).replace("T", " ")} UTC, commit ${rep.commit}, ${rep.size} size, ${rep.dialect}, ${rep.connections} connections × ${rep.duration} s, ${rep.processes ?? 1} server process(es) (WEB_CONCURRENCY), ${rep.machine.cpus} CPUs (${rep.machine.model}), Node ${rep.machine.node}.`,
    `Ceiling (bare node:http answering the home page's bytes): **${Math.round(rep.ceiling.rps)} req/s**, p95 ${ms(rep.ceiling.p95)} ms, ${rep.ceiling.serverCpuMsPerRequest?.toFixed(3) ?? "?"} ms CPU per request. Load average at the start: ${rep.machine.loadavg}. Server RSS at the end: ${(rep.rssEnd / 1e6).toFixed(0)} MB.`,
    "",
    "| scenario | req/s | % of ceiling | p50 ms | p95 ms | p99 ms | server CPU ms/req | HTML kB (br) | JS kB (br) | JS files | peak RSS MB |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const r of rep.results) {
    if (r.skipped) {
      lines.push(`| ${r.label} | skipped: ${r.skipped} | | | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${r.label} | ${Math.round(r.rps)} | ${(r.ratioToCeiling * 100).toFixed(1)}% | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.serverCpuMsPerRequest == null ? "" : r.serverCpuMsPerRequest.toFixed(2)} | ${kb(r.bytes?.html)} | ${kb(r.bytes?.js)} | ${r.bytes?.jsFiles ?? ""} | ${(r.rssPeak / 1e6).toFixed(0)} |`,
    );
  }
  return lines.join("\n");
}

const md = table(report);
log(`\n${md}\n`);
if (write) {
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/${report.date.slice(0, 16).replace(":", "")}Z-${size}-${dialect}.json`;
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  const readmePath = "bench/README.md";
  const readme = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : "";
  // One block per configuration (size, database, processes): a run replaces its own block; a
  // configuration measured for the first time gets a new block after the others.
  const config = `${size}-${dialect}-${processes}`;
  const start = `<!-- results:${config}:start -->`;
  const end = `<!-- results:${config}:end -->`;
  const block = `${start}\n${md}\n\nFull figures: \`${file}\`.\n${end}`;
  const lastEnd = readme.lastIndexOf(":end -->");
  const next =
    readme.includes(start) && readme.includes(end)
      ? readme.replace(new RegExp(`${start}[\\s\\S]*${end}`), block)
      : lastEnd >= 0
        ? `${readme.slice(0, lastEnd + 8)}\n\n${block}${readme.slice(lastEnd + 8)}`
        : `${readme}\n${block}\n`;
  writeFileSync(readmePath, next);
  // The repository's formatter aligns the table (the lint step checks it).
  spawnSync(path.join(root, "node_modules/.bin/biome"), ["format", "--write", readmePath, file], {
    stdio: "ignore",
  });
  log(`wrote ${file} and the table in ${readmePath}`);
}
process.exit(0);
