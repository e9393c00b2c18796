/**
 * A malformed-input run over every route of the production build (the list comes from the
 * build, so a new route is covered without changes here). Each route with an action gets
 * generated bad POSTs — on its page address and on its data address (`.data`, what fetchers
 * use) — built from the field names of its own form: wrong types, huge strings (under the body
 * limit, and over it), unknown and prototype-polluting fields, repeated fields, broken
 * percent-encodings, invalid UTF-8, junk multipart, JSON and text bodies, other methods, and
 * cross-site requests. Every route, resource routes included, also gets GETs with junk
 * parameters and query strings. All of it as an anonymous visitor (who owns a scan in
 * progress), as the demo entrepreneur and as the demo administrator.
 *
 * Expected: not a single 5xx; a cross-site POST gets 403, a body over BODY_LIMIT_BYTES 413, a
 * body that is not a form 400; no error in the server's log; and the server still answers
 * /healthz afterwards.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  demoEmail,
  getPage,
  logIn,
  openServerDatabase,
  postForm,
  setCookies,
} from "../support/accounts";
import { jsonLogs } from "../support/http";
import { startServer, type TestServer } from "../support/server";
import { request, SCALE } from "./support";

const BODY_LIMIT = 1_048_576;

interface RouteInfo {
  path: string;
  action: boolean;
  page: boolean;
}

/** Every route of the build, with whether it has an action and a page (else: a resource). */
function routesOfBuild(): RouteInfo[] {
  const script = `
    const build = await import(${JSON.stringify(new URL("../../build/server/index.js", import.meta.url).href)});
    const routes = build.routes;
    const full = (r) => {
      const parts = [];
      for (let x = r; x; x = x.parentId ? routes[x.parentId] : undefined) if (x.path) parts.unshift(x.path);
      return parts.join("/");
    };
    const out = Object.values(routes)
      .filter((r) => r.id !== "root" && (r.path !== undefined || r.index))
      .map((r) => ({ path: full(r), action: typeof r.module.action === "function", page: typeof r.module.default === "function" }));
    process.stdout.write(JSON.stringify(out));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", LOG_LEVEL: "silent" },
  });
  return JSON.parse(out) as RouteInfo[];
}

const ROUTES = routesOfBuild();

type Who = "anonymous" | "entrepreneur" | "admin";
interface Identity {
  who: Who;
  /** The Cookie header: the session (if any) and the owner cookie of a scan in progress. */
  cookie: () => string;
  relogin?: () => Promise<void>;
  params: Map<string, string>;
}

interface Payload {
  label: string;
  method?: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  query?: string;
  /** The exact status expected, when there is one. */
  expect?: number;
}

/** Values of the wrong type, shape or size for any field. */
const JUNK = [
  "",
  " ",
  "abc",
  "-1",
  "0",
  "1.5",
  "1e309",
  "-0",
  "NaN",
  "Infinity",
  "99999999999999999999999999",
  "true",
  "null",
  "undefined",
  "[]",
  "{}",
  '{"$gt":""}',
  "<script>alert(1)</script>",
  "' or 1=1--",
  "../../../../etc/passwd",
  "\u0000",
  "a\u0000b",
  "\u202e\ufeff\uffff",
  "😀".repeat(200),
  "a@b",
  "@",
  "x@x.x".repeat(100),
  "\r\n\r\nX-Injected: 1",
  "%00",
  "0x1F",
  "2024-02-30",
  "9999-99-99T99:99:99Z",
  "x".repeat(20_000),
];

const FORM = "application/x-www-form-urlencoded";
const enc = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();

/** The field names of the page's forms, and the values of its hidden fields. */
function formFields(html: string): { names: string[]; hidden: [string, string][] } {
  const main = /<main[\s\S]*?<\/main>/i.exec(html)?.[0] ?? html;
  const names = new Set<string>();
  const hidden: [string, string][] = [];
  for (const m of main.matchAll(/<(input|select|textarea|button)\b[^>]*>/gi)) {
    const tag = m[0];
    const name = /\sname="([^"]*)"/.exec(tag)?.[1];
    if (!name) continue;
    names.add(name);
    if (/\stype="hidden"/.test(tag)) {
      const value = /\svalue="([^"]*)"/.exec(tag)?.[1] ?? "";
      hidden.push([name, value.replace(/&amp;/g, "&").replace(/&quot;/g, '"')]);
    }
  }
  return { names: [...names], hidden };
}

const GENERIC_FIELDS = ["intent", "email", "password", "token", "terug", "returnTo", "lang", "id"];

/** The full sets (RESILIENCE_SCALE > 1); CI runs a sample of each (see below). */
const FULL = SCALE > 1;

/**
 * The bad POSTs for one route, given its form's fields. `deep` where the action is reachable
 * for the visitor (everything below); else only the checks that come before any action.
 */
function payloadsFor(
  names: string[],
  hidden: [string, string][],
  origin: string,
  deep: boolean,
): Payload[] {
  const fields = [...new Set([...names, ...GENERIC_FIELDS])];
  const same = { Origin: origin };
  const form = (label: string, pairs: [string, string][], extra: Partial<Payload> = {}) => ({
    label,
    headers: { "Content-Type": FORM, ...same },
    body: enc(pairs),
    ...extra,
  });
  const out: Payload[] = [
    // Cross-site: refused before anything else.
    {
      label: "foreign Origin",
      headers: { "Content-Type": FORM, Origin: "https://evil.example" },
      body: enc(hidden),
      expect: 403,
    },
    {
      label: "Origin null",
      headers: { "Content-Type": FORM, Origin: "null" },
      body: enc(hidden),
      expect: 403,
    },
    {
      label: "Sec-Fetch-Site cross-site",
      headers: { "Content-Type": FORM, "Sec-Fetch-Site": "cross-site", Origin: origin },
      body: enc(hidden),
      expect: 403,
    },
    // Not a form.
    {
      label: "JSON body",
      headers: { "Content-Type": "application/json", ...same },
      body: JSON.stringify(Object.fromEntries(fields.map((f) => [f, { $ne: null }]))),
      expect: 400,
    },
    {
      label: "text body",
      headers: { "Content-Type": "text/plain", ...same },
      body: `${enc(hidden)}&a=b`,
      expect: 400,
    },
    // Over the body limit.
    form("over the limit", [...hidden, [fields[0]!, "x".repeat(BODY_LIMIT + 10_000)]], {
      expect: 413,
    }),
    // No Origin and no Sec-Fetch-Site: a non-browser client; allowed, and must not break.
    {
      label: "no Origin",
      headers: { "Content-Type": FORM },
      body: enc([...hidden, ...fields.map((f): [string, string] => [f, "abc"])]),
    },
    { label: "empty body", headers: { "Content-Type": FORM, ...same }, body: "" },
    { label: "no content type, empty", headers: same },
    form("hidden fields only", hidden),
  ];
  if (!deep && !FULL) {
    return out.filter((p) =>
      ["foreign Origin", "JSON body", "over the limit", "no Origin", "hidden fields only"].includes(
        p.label,
      ),
    );
  }
  const junk = FULL ? JUNK : JUNK.filter((_, i) => i % 4 === 0);
  for (const v of junk) {
    out.push(
      form(`every field = ${JSON.stringify(v.slice(0, 20))}`, [
        ...hidden,
        ...fields.map((f): [string, string] => [f, v]),
      ]),
    );
  }
  if (!deep) return out;
  for (const v of FULL ? ["abc", "-1", "\u0000", "x".repeat(5000)] : ["-1"]) {
    // The hidden fields (ids, intents) tampered with too.
    out.push(
      form(
        `all fields, hidden too = ${JSON.stringify(v.slice(0, 20))}`,
        fields.map((f) => [f, v]),
      ),
    );
  }
  out.push(
    form("every field twice", [
      ...hidden,
      ...fields.flatMap((f): [string, string][] => [
        [f, "a"],
        [f, "b"],
      ]),
    ]),
    form("huge strings under the limit", [
      ...hidden,
      ...fields
        .slice(0, 3)
        .map((f): [string, string] => [f, "x".repeat(Math.floor((BODY_LIMIT - 60_000) / 3))]),
    ]),
    form("thousands of unknown fields", [
      ...hidden,
      ...Array.from({ length: 5000 }, (_, i): [string, string] => [`f${i}`, String(i)]),
    ]),
    form("prototype and bracket names", [
      ...hidden,
      ["__proto__", "x"],
      ["__proto__[admin]", "1"],
      ["constructor[prototype][admin]", "1"],
      ["toString", "x"],
      ["hasOwnProperty", "x"],
      ["", "empty name"],
      ...fields.map((f): [string, string] => [`${f}[]`, "x"]),
      ...fields.map((f): [string, string] => [`${f}[0][a]`, "x"]),
    ]),
    {
      label: "broken percent-encoding",
      headers: { "Content-Type": FORM, ...same },
      body: `${enc(hidden)}&${fields.map((f) => `${f}=%E0%A4%A`).join("&")}&%%%=%ZZ&x=%&%=%`,
    },
    {
      label: "invalid UTF-8, raw",
      headers: { "Content-Type": FORM, ...same },
      body: Buffer.concat([
        Buffer.from(`${enc(hidden)}&`),
        ...fields.map((f) =>
          Buffer.concat([
            Buffer.from(`${f}=`),
            Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x26]),
          ]),
        ),
      ]),
    },
    form("invalid UTF-8, percent-encoded", []),
    {
      label: "charset that does not exist",
      headers: { "Content-Type": `${FORM}; charset=klingon-8`, ...same },
      body: enc([...hidden, ...fields.map((f): [string, string] => [f, "abc"])]),
    },
    {
      label: "junk multipart",
      headers: { "Content-Type": "multipart/form-data; boundary=XyZ", ...same },
      body: Buffer.concat([
        Buffer.from(
          [...hidden, ...fields.map((f): [string, string] => [f, "\u0000junk"])]
            .map(([n, v]) => `--XyZ\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`)
            .join(""),
        ),
        Buffer.from(
          `--XyZ\r\nContent-Disposition: form-data; name="${fields[0]}"; filename="../../x.exe"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)),
        Buffer.from("\r\n--XyZ--\r\n"),
      ]),
    },
    {
      label: "multipart without its end",
      headers: { "Content-Type": "multipart/form-data; boundary=XyZ", ...same },
      body: '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
    },
    {
      label: "multipart without a boundary",
      headers: { "Content-Type": "multipart/form-data", ...same },
      body: "--\r\n\r\n",
    },
    {
      label: "multipart with junk headers",
      headers: { "Content-Type": "multipart/form-data; boundary=q", ...same },
      body: "--q\r\n\u0000\u0001: \r\n\r\n\r\n--q--\r\n",
    },
    // The query string of a POST.
    form("junk query string", hidden, {
      query: "?index&_data=%ZZ&terug=%2F%2Fevil.example&token=%FF%FE&__proto__[x]=1",
    }),
  );
  const invalid = out.find((p) => p.label === "invalid UTF-8, percent-encoded")!;
  invalid.body = `${enc(hidden)}&${fields.map((f) => `${f}=%FF%FE%C3%28%ED%A0%80`).join("&")}`;
  for (const method of FULL ? ["PUT", "PATCH", "DELETE"] : ["DELETE"]) {
    out.push(form(`method ${method}`, hidden, { method }));
  }
  return out;
}

/** Junk for path parameters. */
const PARAM_JUNK_ALL = [
  "%ZZ",
  "%FF%FE",
  "%E0%A4%A",
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "x".repeat(3000),
  "%27%20OR%201%3D1--",
  "%F0%9F%98%80",
  "-1",
  "1e999",
  randomUUID(),
];
const PARAM_JUNK = FULL ? PARAM_JUNK_ALL : PARAM_JUNK_ALL.filter((_, i) => i % 2 === 0);

/** Junk query strings for GETs. */
const QUERY_JUNK_ALL = [
  "?terug=%ZZ&token=%FF%FE",
  "?terug=%2F%2Fevil.example%2F&returnTo=%0d%0aX:1",
  `?token=${"x".repeat(5000)}&page=-1&pagina=abc&q=${"%F0".repeat(50)}`,
  "?__proto__[polluted]=1&constructor[prototype][polluted]=1",
  "?page=99999999999999999999&status=%00&sort=;drop",
  "?_data=routes%2Fhome&index&index",
];
const QUERY_JUNK = FULL ? QUERY_JUNK_ALL : QUERY_JUNK_ALL.slice(0, 3);

/** The bodies also sent to a route's data address (what fetchers post to), in CI. */
const DATA_SAMPLE = [
  "JSON body",
  "broken percent-encoding",
  "invalid UTF-8, raw",
  "junk multipart",
  'every field = "abc"',
  'all fields, hidden too = "-1"',
];

let server: TestServer;
const identities: Identity[] = [];
const failures: string[] = [];
let requests = 0;
const timings: [route: string, requests: number, ms: number][] = [];

async function startScanAs(cookie?: string): Promise<{ id: string; owner: string }> {
  const res = await postForm(server, "/scan", { instrument: "quickscan" }, { cookie });
  expect(res.status).toBe(303);
  const id = /^\/scan\/([0-9a-f-]{36})\//.exec(String(res.headers.location))![1]!;
  const owner = setCookies(res).find((c) => c.name === "spot_scans")!;
  return { id, owner: `spot_scans=${owner.value}` };
}

beforeAll(async () => {
  // Short rate-limit windows: the flood of bad log-ins must not lock the demo accounts out.
  server = await startServer({ RATE_LIMIT_WINDOW_FACTOR: "0.001" });
  const db = openServerDatabase(server);
  const one = (q: string, ...args: string[]) =>
    (db.prepare(q).get(...args) as { id: string } | undefined)?.id ?? randomUUID();
  const student = one("select id from users where email = ?", demoEmail("student"));
  const entrepreneurId = one("select id from users where email = ?", demoEmail("entrepreneur"));
  const demoScan = one(
    "select id from scan_responses where user_id = ? and status = 'completed' order by completed_at desc",
    entrepreneurId,
  );
  const mail = one("select id from mail_outbox");
  const intake = one("select id from intake_requests");
  db.close();

  const common = (scan: string): [string, string][] => [
    ["beheer/gebruikers/:id", student],
    ["beheer/mail/:id", mail],
    ["beheer/aanvragen/:id", intake],
    ["scan/:id", scan],
    ["scan/:id/vraag/:n", `${scan}|1`],
    ["scan/:id/bewaren", scan],
    ["scan/:id/resultaat", demoScan],
    ["scan/:id/resultaat.pdf", demoScan],
    ["scan/:id/mailen", demoScan],
    ["__kvk/v1/basisprofielen/:kvk", "90000001"],
  ];

  const anonymousScan = await startScanAs();
  identities.push({
    who: "anonymous",
    cookie: () => anonymousScan.owner,
    params: new Map(common(anonymousScan.id)),
  });
  for (const who of ["entrepreneur", "admin"] as const) {
    let session = await logIn(server, demoEmail(who), DEMO_PASSWORD);
    const scan = await startScanAs(session);
    identities.push({
      who,
      cookie: () => `${session}; ${scan.owner}`,
      relogin: async () => {
        session = await logIn(server, demoEmail(who), DEMO_PASSWORD);
      },
      params: new Map(common(scan.id)),
    });
  }
});

afterAll(async () => {
  expect(await server?.stop()).toBe(0);
});

/** The address of a route with real (or, where unknown, random) values for its parameters. */
function addressOf(route: string, params: Map<string, string>): string {
  if (route === "*") return "/bestaat-niet/echt-niet";
  let i = 0;
  const filled = route.replace(/:(\w+)\??/g, () => {
    const value = params.get(route)?.split("|")[i++] ?? randomUUID();
    return encodeURIComponent(value);
  });
  return `/${filled}`;
}

async function send(identity: Identity, path: string, p: Payload): Promise<void> {
  requests++;
  const what = `${identity.who} ${p.method ?? "POST"} ${path} [${p.label}]`;
  try {
    const res = await request(`${server.url}${path}${p.query ?? ""}`, {
      method: p.method ?? "POST",
      headers: { ...p.headers, Cookie: identity.cookie() },
      body: p.body,
    });
    if (res.status >= 500) failures.push(`${what}: ${res.status}`);
    else if (p.expect !== undefined && res.status !== p.expect) {
      failures.push(`${what}: ${res.status}, expected ${p.expect}`);
    }
  } catch (e) {
    // The server may close after a 413 before the whole body is written; that one is fine.
    if (p.expect !== 413) failures.push(`${what}: ${e instanceof Error ? e.message : e}`);
  }
}

/** Run tasks `width` at a time. */
async function pool(tasks: (() => Promise<void>)[], width = 6): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}

/** Still logged in after a route's payloads (a log-out or a revoked session)? Else log in again. */
async function keepSignedIn(identity: Identity) {
  if (!identity.relogin) return;
  const res = await getPage(server, "/account", { cookie: identity.cookie() });
  if (res.status !== 200) await identity.relogin();
}

describe("malformed input", () => {
  it("enumerates the routes of the build", () => {
    expect(ROUTES.map((r) => r.path)).toEqual(
      expect.arrayContaining(["", "inloggen", "scan/:id/vraag/:n", "healthz"]),
    );
    expect(ROUTES.filter((r) => r.action).length).toBeGreaterThan(10);
  });

  for (const who of ["anonymous", "entrepreneur", "admin"] as const) {
    it(`bad POSTs to every route, and junk GETs, as ${who}: no 5xx`, async () => {
      const identity = identities.find((i) => i.who === who)!;
      const before = failures.length;
      // Log-out last: it ends the session the other routes use.
      const ordered = [...ROUTES].sort(
        (a, b) => Number(a.path === "uitloggen") - Number(b.path === "uitloggen"),
      );
      for (const route of ordered) {
        const path = addressOf(route.path, identity.params);
        const page = await getPage(server, path, { cookie: identity.cookie() });
        if (page.status >= 500) failures.push(`${who} GET ${path}: ${page.status}`);
        const { names, hidden } =
          page.status === 200 ? formFields(page.text) : { names: [], hidden: [] };
        // The full set where the action is reachable for this visitor; a smaller one elsewhere.
        const deep = route.action && page.status === 200;
        const posts = payloadsFor(names, hidden, server.url, deep);
        const tasks = posts.map((p) => () => send(identity, path, p));
        // The data address (fetchers): the same bad bodies, fewer of them.
        const data = path === "/" ? "/_root.data" : `${path}.data`;
        for (const p of posts.filter((p, i) =>
          FULL ? i % 2 === 0 : DATA_SAMPLE.includes(p.label),
        )) {
          tasks.push(() => send(identity, data, p));
        }
        // Junk in the query string and the path parameters.
        for (const q of QUERY_JUNK) {
          tasks.push(() =>
            send(identity, path, { label: "junk query", method: "GET", headers: {}, query: q }),
          );
        }
        if (route.path.includes(":")) {
          for (const junk of PARAM_JUNK) {
            const bad = `/${route.path.replace(/:(\w+)\??/g, junk)}`;
            tasks.push(() =>
              send(identity, bad, { label: "junk parameter", method: "GET", headers: {} }),
            );
            if (route.action) {
              tasks.push(() =>
                send(identity, bad, posts.find((p) => p.label === "hidden fields only")!),
              );
            }
          }
        }
        const started = Date.now();
        await pool(tasks);
        timings.push([`${who} /${route.path}`, tasks.length, Date.now() - started]);
        await keepSignedIn(identity);
      }
      expect(failures.slice(before), `${failures.length - before} bad answers`).toEqual([]);
    });
  }

  it("keeps serving, with no error in its log", async () => {
    const health = await getPage(server, "/healthz");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toMatchObject({ status: "ok", database: "ok" });
    expect(server.process.exitCode).toBeNull();
    const errors = jsonLogs(server.logs).filter((l) => Number(l.level) >= 50);
    expect(errors.map((l) => `${l.msg} ${JSON.stringify(l.err ?? "")}`.slice(0, 300))).toEqual([]);
    const home = await getPage(server, "/");
    expect(home.status).toBe(200);
    const slowest = [...timings]
      .sort((a, b) => b[2] - a[2])
      .slice(0, 5)
      .map(([r, n, ms]) => `${r} ${n} requests ${ms} ms`);
    console.info(
      `malformed input: ${requests} requests over ${ROUTES.length} routes, 3 visitors; slowest: ${slowest.join("; ")}`,
    );
  });
});
