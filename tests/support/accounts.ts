/**
 * Account helpers for HTTP tests of the real server: posting forms as a browser on the same
 * site would (with an Origin header), logging in with the password form, reading the session
 * cookie, comparing pages by their visible text, and reading the server's SQLite database.
 */
import Database from "better-sqlite3";
import { expect } from "vitest";
import { type RawResponse, rawRequest } from "./http";
import type { TestServer } from "./server";

export const DEMO_PASSWORD = "spot035-demo";
export const DEMO_ROLES = [
  "entrepreneur",
  "coordinator",
  "expert",
  "student",
  "provider",
  "partner",
  "steering",
  "admin",
] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];
export const demoEmail = (role: string) => `${role}@demo.spot035.nl`;

export interface FormOptions {
  /** Cookie header to send (e.g. the session cookie). */
  cookie?: string;
  /** Extra headers; an Origin of the server itself is sent unless overridden. */
  headers?: Record<string, string>;
}

/** POST an urlencoded form to the server, as a same-site browser form would. */
export function postForm(
  server: Pick<TestServer, "url">,
  path: string,
  fields: Record<string, string>,
  options: FormOptions = {},
): Promise<RawResponse> {
  return rawRequest(`${server.url}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: server.url,
      ...(options.cookie ? { Cookie: options.cookie } : {}),
      ...options.headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

/** GET a page, optionally with a cookie. */
export function getPage(
  server: Pick<TestServer, "url">,
  path: string,
  options: FormOptions = {},
): Promise<RawResponse> {
  return rawRequest(`${server.url}${path}`, {
    headers: { ...(options.cookie ? { Cookie: options.cookie } : {}), ...options.headers },
  });
}

export interface SetCookie {
  name: string;
  value: string;
  /** Attributes, lower-cased names; flags have the value "". */
  attributes: Map<string, string>;
}

/** The Set-Cookie headers of a response, parsed. */
export function setCookies(res: RawResponse): SetCookie[] {
  const raw = res.headers["set-cookie"] ?? [];
  return raw.map((line) => {
    const [pair, ...attrs] = line.split(";").map((s) => s.trim());
    const eq = pair!.indexOf("=");
    const attributes = new Map<string, string>();
    for (const a of attrs) {
      const i = a.indexOf("=");
      if (i < 0) attributes.set(a.toLowerCase(), "");
      else attributes.set(a.slice(0, i).toLowerCase(), a.slice(i + 1));
    }
    return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), attributes };
  });
}

/** The session cookie set by a response ("name=value", ready for a Cookie header). */
export function sessionCookieOf(res: RawResponse): string | undefined {
  const c = setCookies(res).find((x) => /spot_session$/.test(x.name) && x.value !== "");
  return c ? `${c.name}=${c.value}` : undefined;
}

/** Log in with the password form; returns the session cookie. */
export async function logIn(
  server: Pick<TestServer, "url">,
  email: string,
  password: string,
  options: FormOptions = {},
): Promise<string> {
  const res = await postForm(
    server,
    "/inloggen",
    { intent: "password", email, password, terug: "/mijn" },
    options,
  );
  expect(res.status, `log-in of ${email}: ${pageText(res.text).slice(0, 500)}`).toBe(303);
  const cookie = sessionCookieOf(res);
  expect(cookie, `session cookie after the log-in of ${email}`).toBeDefined();
  return cookie!;
}

/**
 * The visible text of an HTML page's main content (scripts, styles and tags removed,
 * whitespace collapsed), for comparing what two answers say.
 */
export function pageText(html: string): string {
  const main = /<main[\s\S]*?<\/main>/i.exec(html)?.[0] ?? html;
  return main
    .replace(/<script[\s\S]*?<\/script>/gi, " ")
    .replace(/<style[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ")
    .trim();
}

/** Open the SQLite database of a started server read-only, for finding ids and checking rows. */
export function openServerDatabase(server: Pick<TestServer, "databaseUrl">): Database.Database {
  if (!server.databaseUrl.startsWith("file:")) {
    throw new Error(`not a SQLite server: ${server.databaseUrl}`);
  }
  return new Database(server.databaseUrl.slice("file:".length), {
    readonly: true,
    fileMustExist: true,
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
