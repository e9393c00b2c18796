/**
 * The route × role matrix: every route of the production build, requested by an anonymous
 * visitor and by each demo role, compared with the expectations written out below. The route
 * list comes from the build itself, so a new route is covered automatically, and fails this
 * test until its expectations are added here.
 *
 *   allow           200
 *   login           302/303 to /inloggen?terug=<the page>
 *   deny            404 (what you may not see does not exist for you)
 *   redirect:<path> 302/303 to exactly <path>
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_PASSWORD,
  DEMO_ROLES,
  type DemoRole,
  demoEmail,
  getPage,
  logIn,
  openServerDatabase,
  postForm,
} from "../support/accounts";
import { rawRequest } from "../support/http";
import { startServer, type TestServer } from "../support/server";

type Expectation = "allow" | "login" | "deny" | `redirect:/${string}`;
const WHO = ["anonymous", ...DEMO_ROLES] as const;
type Who = (typeof WHO)[number];

/** One expectation for anonymous visitors, one for signed-in people, and exceptions by role. */
type Row = [
  anonymous: Expectation,
  signedIn: Expectation,
  byRole?: Partial<Record<DemoRole, Expectation>>,
];

const ADMIN_ONLY: Row = ["login", "deny", { admin: "allow" }];
/** The redirect to the demo scan's result page (":id" is filled in with the demo scan's id). */
const SCAN_RESULT: Expectation = "redirect:/scan/:id/resultaat";

/** The demo installer's case: its team (coordinator, expert, student) and administrators. */
const CASE_TEAM: Row = [
  "login",
  "deny",
  { admin: "allow", coordinator: "allow", expert: "allow", student: "allow" },
];

/** Route paths as written in app/routes.ts ("" is the home page). */
const EXPECTATIONS: Record<string, Row> = {
  // Public pages and resources.
  "": ["allow", "allow"],
  toegankelijkheid: ["allow", "allow"],
  privacy: ["allow", "allow"],
  contact: ["allow", "allow"],
  hulp: ["allow", "allow"],
  healthz: ["allow", "allow"],
  ".well-known/security.txt": ["allow", "allow"],
  // POST-only: a GET finds nothing (a GET must never log you out or change anything).
  taal: ["deny", "deny"],
  uitloggen: ["deny", "deny"],

  // Accounts.
  aanmelden: ["allow", "redirect:/mijn"],
  inloggen: ["allow", "redirect:/mijn"],
  "inloggen/tweestaps": ["redirect:/inloggen", "redirect:/mijn"],
  // Pages opened from an emailed link: without a token they say the link does not work.
  "inloggen/link": ["allow", "allow"],
  "email-bevestigen": ["allow", "allow"],
  "wachtwoord-vergeten": ["allow", "allow"],
  "wachtwoord-herstellen": ["allow", "allow"],
  uitnodiging: ["allow", "allow"],
  mijn: ["login", "allow"],
  account: ["login", "allow"],
  "account/wachtwoord": ["login", "allow"],
  "account/email": ["login", "allow"],
  "account/email/bevestigen": ["login", "allow"],
  "account/sessies": ["login", "allow"],
  "account/tweestaps": ["login", "allow"],

  // Administration.
  "beheer/gebruikers": ADMIN_ONLY,
  "beheer/gebruikers/:id": ADMIN_ONLY,
  "beheer/audit": ADMIN_ONLY,
  "beheer/mail": ADMIN_ONLY,
  "beheer/mail/:id": ADMIN_ONLY,
  "beheer/uitnodigen": ["login", "deny", { admin: "allow", coordinator: "allow" }],

  // Scans. Anyone may start one; a response is the demo entrepreneur's (a member of the bakery),
  // so only they, and coordinators and administrators, may see it. Answering is theirs alone.
  scan: ["allow", "allow"],
  "scan/hervatten": ["allow", "allow"],
  "scan/:id": [
    "deny",
    "deny",
    { entrepreneur: SCAN_RESULT, coordinator: SCAN_RESULT, admin: SCAN_RESULT },
  ],
  "scan/:id/resultaat": [
    "deny",
    "deny",
    { entrepreneur: "allow", coordinator: "allow", admin: "allow" },
  ],
  "scan/:id/resultaat.pdf": [
    "deny",
    "deny",
    { entrepreneur: "allow", coordinator: "allow", admin: "allow" },
  ],
  // A finished scan cannot be answered again: its owner goes to the result.
  "scan/:id/vraag/:n": ["deny", "deny", { entrepreneur: SCAN_RESULT }],
  "scan/:id/bewaren": ["deny", "deny", { entrepreneur: "allow" }],
  // The autosave endpoint takes POSTs only.
  "scan/:id/antwoord": ["deny", "deny"],
  "scan/:id/mailen": ["deny", "deny", { entrepreneur: "allow" }],

  // Intake requests: anyone may ask for help; coordinators and administrators handle them.
  hulpvraag: ["allow", "allow"],
  "beheer/aanvragen": ["login", "deny", { admin: "allow", coordinator: "allow" }],
  "beheer/aanvragen/:id": ["login", "deny", { admin: "allow", coordinator: "allow" }],
  // The KvK test double answers in demo mode (the test server runs in demo mode).
  "__kvk/v1/basisprofielen/:kvk": ["allow", "allow"],
  // The action catalogue: administrators and coordinators edit it.
  "beheer/acties": ["login", "deny", { admin: "allow", coordinator: "allow" }],
  "beheer/acties/nieuw": ["login", "deny", { admin: "allow", coordinator: "allow" }],
  "beheer/acties/:id": ["login", "deny", { admin: "allow", coordinator: "allow" }],
  // The entrepreneur's view of a case, here the demo installer's case (in analysis; the demo
  // coordinator, expert and student are on its team): the demo entrepreneur (the bakery) is
  // not a member of that company, so it does not exist for them.
  "mijn/casus/:id": [
    "login",
    "deny",
    { admin: "allow", coordinator: "allow", expert: "allow", student: "allow" },
  ],

  // Cases: coordinators and administrators run the pipeline and open cases; "Mijn werk" is for
  // everyone who can be on a case team, and for coordinators and administrators.
  casussen: ["login", "deny", { admin: "allow", coordinator: "allow" }],
  "casussen/nieuw": ["login", "deny", { admin: "allow", coordinator: "allow" }],
  werk: [
    "login",
    "deny",
    {
      admin: "allow",
      coordinator: "allow",
      expert: "allow",
      student: "allow",
      provider: "allow",
      partner: "allow",
    },
  ],
  // The staff case page of the demo installer's case: its team (coordinator, expert, student)
  // and administrators; the bakery's entrepreneur and staff not on the team get a 404.
  "casussen/:id": [
    "login",
    "deny",
    { admin: "allow", coordinator: "allow", expert: "allow", student: "allow" },
  ],
  // The team's work on the demo installer's case (activity, hours, tasks, note, documents) and
  // a shared (not internal) document of it: the team and administrators; others get a 404.
  "casussen/:id/activiteit": CASE_TEAM,
  "casussen/:id/uren": CASE_TEAM,
  "casussen/:id/taken": CASE_TEAM,
  "casussen/:id/notitie": CASE_TEAM,
  "casussen/:id/documenten": CASE_TEAM,
  "casussen/:id/documenten/:docId": CASE_TEAM,
  // The advice of the demo installer's case (a version shared in beforeAll), its PDF and the
  // realisation plan: the team and administrators; the entrepreneur's view of the advice like
  // their case page (the bakery's entrepreneur is not a member of the installer: 404).
  "casussen/:id/advies": CASE_TEAM,
  "casussen/:id/advies/:versie": CASE_TEAM,
  "casussen/:id/realisatie": CASE_TEAM,
  "mijn/casus/:id/advies": [
    "login",
    "deny",
    { admin: "allow", coordinator: "allow", expert: "allow", student: "allow" },
  ],
};

/** Routes not requested: the catch-all 404 page has no address of its own. */
const NOT_REQUESTED = new Set(["*"]);

function expectationFor(route: string, who: Who): Expectation {
  const [anonymous, signedIn, byRole] = EXPECTATIONS[route]!;
  if (who === "anonymous") return anonymous;
  return byRole?.[who] ?? signedIn;
}

/** The full paths of every route in the production build (as React Router serves them). */
function routesOfBuild(): string[] {
  const script = `
    const build = await import(${JSON.stringify(new URL("../../build/server/index.js", import.meta.url).href)});
    const routes = build.routes;
    const full = (r) => {
      const parts = [];
      for (let x = r; x; x = x.parentId ? routes[x.parentId] : undefined) if (x.path) parts.unshift(x.path);
      return parts.join("/");
    };
    const out = Object.values(routes).filter((r) => r.id !== "root" && (r.path !== undefined || r.index)).map(full);
    process.stdout.write(JSON.stringify(out));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", LOG_LEVEL: "silent" },
  });
  return [...new Set(JSON.parse(out) as string[])].sort();
}

const ROUTES = routesOfBuild();

let server: TestServer;
const cookies = new Map<Who, string | undefined>();
const params = new Map<string, string>();

beforeAll(async () => {
  server = await startServer({});
  // A mail in the outbox, so the outbox has a message to open.
  const res = await postForm(server, "/wachtwoord-vergeten", { email: demoEmail("student") });
  expect(res.status).toBe(303);
  // A help request, so a coordinator has one to open.
  const asked = await postForm(server, "/hulpvraag", {
    question: "Hoe krijg ik meer klanten via internet?",
    contactName: "Matrix Test",
    email: "matrix@example.org",
    companyName: "Matrix BV",
    employees: "12",
    postcode: "1211 AB",
    preference: "online",
  });
  expect(asked.status).toBe(303);
  const db = openServerDatabase(server);
  try {
    const user = db
      .prepare("select id from users where email = ?")
      .get(demoEmail("entrepreneur")) as { id: string } | undefined;
    const mail = db.prepare("select id from mail_outbox limit 1").get() as
      | { id: string }
      | undefined;
    expect(user, "a demo user").toBeDefined();
    expect(mail, "a mail in the outbox").toBeDefined();
    params.set("beheer/gebruikers/:id", user!.id);
    params.set("beheer/mail/:id", mail!.id);
    const scan = db
      .prepare("select id from scan_responses where user_id = ? order by completed_at desc limit 1")
      .get(user!.id) as { id: string } | undefined;
    expect(scan, "a demo scan of the entrepreneur").toBeDefined();
    for (const r of [
      "scan/:id",
      "scan/:id/resultaat",
      "scan/:id/resultaat.pdf",
      "scan/:id/bewaren",
      "scan/:id/mailen",
      "scan/:id/antwoord",
    ]) {
      params.set(r, scan!.id);
    }
    params.set("scan/:id/vraag/:n", `${scan!.id}|1`);
    params.set("__kvk/v1/basisprofielen/:kvk", "90000001");
    const intake = db.prepare("select id from intake_requests limit 1").get() as
      | { id: string }
      | undefined;
    if (intake) params.set("beheer/aanvragen/:id", intake.id);
    // An action of the catalogue (reference/actions.json, loaded at start).
    params.set("beheer/acties/:id", "offsite-backup");
    const installerCase = db
      .prepare(
        "select cases.id from cases join companies on companies.id = cases.company_id where companies.name = ?",
      )
      .get("Installatiebedrijf Vecht & Zon") as { id: string } | undefined;
    expect(installerCase, "the demo installer's case").toBeDefined();
    params.set("mijn/casus/:id", installerCase!.id);
    params.set("casussen/:id", installerCase!.id);
    for (const sub of [
      "activiteit",
      "uren",
      "taken",
      "notitie",
      "documenten",
      "advies",
      "realisatie",
    ]) {
      params.set(`casussen/:id/${sub}`, installerCase!.id);
    }
  } finally {
    db.close();
  }
  cookies.set("anonymous", undefined);
  for (const role of DEMO_ROLES) {
    cookies.set(role, await logIn(server, demoEmail(role), DEMO_PASSWORD));
  }
  // A shared document on the installer's case, uploaded by its lead, to download.
  const caseId = params.get("casussen/:id")!;
  const form = new FormData();
  form.set("file", new Blob(["%PDF-1.4\n%%EOF\n"], { type: "application/pdf" }), "plan.pdf");
  const encoded = new Request("http://local.invalid/", { method: "POST", body: form });
  const uploaded = await rawRequest(`${server.url}/casussen/${caseId}/documenten`, {
    method: "POST",
    headers: {
      "Content-Type": encoded.headers.get("content-type")!,
      Origin: server.url,
      Cookie: cookies.get("coordinator")!,
    },
    body: Buffer.from(await encoded.arrayBuffer()),
  });
  expect(uploaded.status, "the matrix's demo document is uploaded").toBe(303);
  const docDb = openServerDatabase(server);
  try {
    const doc = docDb.prepare("select id from case_documents where case_id = ?").get(caseId) as
      | { id: string }
      | undefined;
    params.set("casussen/:id/documenten/:docId", `${caseId}|${doc!.id}`);
  } finally {
    docDb.close();
  }
  // An advice on the installer's case, shared as version 1 (for its PDF).
  params.set("mijn/casus/:id/advies", caseId);
  params.set("casussen/:id/advies/:versie", `${caseId}|1.pdf`);
  for (const intent of ["propose", "share"]) {
    const res = await postForm(
      server,
      `/casussen/${caseId}/advies`,
      { intent },
      {
        cookie: cookies.get("coordinator"),
      },
    );
    expect(res.status, `the matrix's demo advice: ${intent}`).toBe(303);
  }
});

afterAll(async () => {
  expect(await server?.stop()).toBe(0);
});

/** The address to request for a route, with real ids for its parameters. */
function addressOf(route: string): string {
  let index = 0;
  const filled = route.replace(/:(\w+)\??/g, (m) => {
    // Several parameters are given as "a|b".
    const value = params.get(route)?.split("|")[index++];
    if (!value) {
      throw new Error(
        `route "${route}" has parameter ${m}: add a real value for it in tests/server/route-matrix.test.ts (params)`,
      );
    }
    return encodeURIComponent(value);
  });
  return `/${filled}`;
}

function describeAnswer(status: number, location: string | undefined): string {
  return location ? `${status} → ${location}` : String(status);
}

function matches(expected: Expectation, path: string, status: number, location?: string): boolean {
  if (expected === "allow") return status === 200;
  if (expected === "deny") return status === 404;
  const redirected = status === 302 || status === 303;
  if (expected === "login") {
    return redirected && location === `/inloggen?terug=${encodeURIComponent(path)}`;
  }
  const target = expected.slice("redirect:".length).replace(":id", params.get("scan/:id") ?? ":id");
  return redirected && location === target;
}

describe("route × role matrix", () => {
  it("has expectations for every route of the build", () => {
    const missing = ROUTES.filter((r) => !NOT_REQUESTED.has(r) && !(r in EXPECTATIONS));
    expect(
      missing,
      `routes without expectations: add them to EXPECTATIONS in tests/server/route-matrix.test.ts: ${missing.map((r) => `"${r}"`).join(", ")}`,
    ).toEqual([]);
    // Expectations for routes that are not (yet) in the build are allowed, and listed.
    const unused = Object.keys(EXPECTATIONS).filter((r) => !ROUTES.includes(r));
    if (unused.length) console.warn(`route matrix: no such route (yet): ${unused.join(", ")}`);
    // The public home page, the log-in and the administration at least: the list is real.
    expect(ROUTES).toEqual(expect.arrayContaining(["", "inloggen", "mijn"]));
  });

  for (const route of ROUTES.filter((r) => !NOT_REQUESTED.has(r) && r in EXPECTATIONS)) {
    it(`/${route}`, async () => {
      const path = addressOf(route);
      const wrong: string[] = [];
      for (const who of WHO) {
        const expected = expectationFor(route, who);
        const cookie = cookies.get(who);
        const res = await getPage(server, path, { cookie });
        const location = res.headers.location;
        if (!matches(expected, path, res.status, location)) {
          wrong.push(`${who}: expected ${expected}, got ${describeAnswer(res.status, location)}`);
        }
      }
      expect(wrong, `GET ${path}`).toEqual([]);
    });
  }

  it("answers 404 to an administrator for a person or a mail that does not exist", async () => {
    const admin = cookies.get("admin");
    for (const path of [
      `/beheer/gebruikers/${randomUUID()}`,
      `/beheer/mail/${randomUUID()}`,
      `/beheer/aanvragen/${randomUUID()}`,
      "/beheer/aanvragen/niet-een-id",
      "/beheer/acties/bestaat-niet",
      "/beheer/acties/NIET_GELDIG",
      "/beheer/gebruikers/..%2F..%2Fetc",
    ]) {
      const res = await getPage(server, path, { cookie: admin });
      expect(res.status, path).toBe(404);
    }
  });

  it("still has every signed-in person signed in after the walk (no page logged anyone out)", async () => {
    for (const role of DEMO_ROLES) {
      const res = await getPage(server, "/mijn", { cookie: cookies.get(role) });
      expect(res.status, role).toBe(200);
    }
  });
});
