/**
 * A server configured as in production behind TLS (PUBLIC_URL=https://…) on a fresh database
 * without demo content (DEMO=0): HSTS and Secure cookies, and an empty home page.
 */
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../support/http";
import { startServer, type TestServer } from "../support/server";

const PUBLIC_URL = "https://spot.example";
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ PUBLIC_URL, DEMO: "0", BODY_LIMIT_BYTES: "2048" });
});

afterAll(async () => {
  expect(await server?.stop()).toBe(0);
});

describe("PUBLIC_URL=https://…", () => {
  it("sends Strict-Transport-Security on every kind of response", async () => {
    const asset = readdirSync("build/client/assets").find((f) => f.endsWith(".css"));
    const cases: [string, Parameters<typeof rawRequest>[1], number][] = [
      ["/", {}, 200],
      ["/does/not/exist", {}, 404],
      [`/assets/${asset}`, {}, 200],
      ["/healthz", {}, 200],
      ["/taal", { method: "POST", headers: { Origin: "https://evil.example" } }, 403],
      ["/taal", { method: "POST", body: "x".repeat(5000) }, 413],
    ];
    for (const [path, options, status] of cases) {
      const res = await rawRequest(`${server.url}${path}`, options);
      expect(res.status, path).toBe(status);
      expect(res.headers["strict-transport-security"], path).toMatch(/max-age=\d{7,}/);
      expect(res.headers["content-security-policy"], path).toContain("upgrade-insecure-requests");
    }
  });

  it("makes the language cookie Secure and accepts a form from the public origin", async () => {
    const res = await rawRequest(`${server.url}/taal`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: PUBLIC_URL },
      body: "lang=en&returnTo=%2F",
    });
    expect(res.status).toBe(303);
    expect(String(res.headers["set-cookie"])).toMatch(/^lang=en;.*; Secure/);
  });

  it("names the public address in security.txt", async () => {
    const res = await rawRequest(`${server.url}/.well-known/security.txt`);
    expect(res.text).toContain(`Canonical: ${PUBLIC_URL}/.well-known/security.txt`);
    expect(res.text).toMatch(/^Contact: mailto:security@spot035\.nl$/m);
  });
});

describe("DEMO=0", () => {
  it("creates no demo content: the home page says there are no stories yet", async () => {
    const nl = await rawRequest(`${server.url}/`);
    expect(nl.status).toBe(200);
    expect(nl.text).toContain("Er zijn nog geen verhalen.");
    expect(nl.text).not.toContain("Van telefoonbestelling naar webwinkel");
    expect(nl.text).not.toContain('class="spot-card"');
    const en = await rawRequest(`${server.url}/`, { headers: { Cookie: "lang=en" } });
    expect(en.text).toContain("There are no stories yet.");
    expect(server.logs.join("\n")).not.toContain("demo content created");
  });
});
