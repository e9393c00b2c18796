/**
 * HTTP behaviour of the real production server (build/main.js), one process for the file:
 * security headers, security.txt, /healthz, cross-site request protection, the body limit,
 * request logs, compression and caching, and unknown routes.
 */
import { readdirSync } from "node:fs";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonLogs, type RawResponse, rawRequest, waitForLog } from "../support/http";
import { startServer, type TestServer } from "../support/server";

const SECURITY_CONTACT = "mailto:security-test@example.org";
const BODY_LIMIT = 2048;

let server: TestServer;
const requestIds: string[] = [];

/** A request whose response must carry the security headers (checked for every response). */
async function req(path: string, options: Parameters<typeof rawRequest>[1] = {}) {
  const res = await rawRequest(`${server.url}${path}`, options);
  expectSecurityHeaders(res, `${options.method ?? "GET"} ${path}`);
  return res;
}

function cspNonce(res: RawResponse): string {
  const csp = String(res.headers["content-security-policy"]);
  const m = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp);
  expect(m, `script-src with a nonce in ${csp}`).not.toBeNull();
  return m![1]!;
}

function expectSecurityHeaders(res: RawResponse, what: string) {
  const h = res.headers;
  const csp = String(h["content-security-policy"] ?? "");
  expect(csp, `CSP on ${what}`).toMatch(/(^|; )script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'(;|$)/);
  expect(csp, `CSP on ${what}`).toContain("frame-ancestors 'none'");
  expect(csp, `CSP on ${what}`).toContain("default-src 'self'");
  expect(csp, `CSP on ${what}`).not.toContain("unsafe-inline");
  expect(h["x-content-type-options"], `nosniff on ${what}`).toBe("nosniff");
  expect(h["referrer-policy"], `Referrer-Policy on ${what}`).toBe(
    "strict-origin-when-cross-origin",
  );
  expect(h["strict-transport-security"], `no HSTS over http on ${what}`).toBeUndefined();
  const id = h["x-request-id"];
  expect(typeof id === "string" && id.length > 0, `X-Request-Id on ${what}`).toBe(true);
  requestIds.push(id as string);
}

beforeAll(async () => {
  server = await startServer({
    SECURITY_CONTACT,
    BODY_LIMIT_BYTES: String(BODY_LIMIT),
  });
});

afterAll(async () => {
  const code = await server?.stop();
  expect(code).toBe(0);
});

describe("security headers", () => {
  it("are on a 200 page, a 404, a static asset, /healthz, a 403 and a 413", async () => {
    const home = await req("/");
    expect(home.status).toBe(200);
    const notFound = await req("/bestaat/niet");
    expect(notFound.status).toBe(404);
    const asset = readdirSync("build/client/assets").find((f) => f.endsWith(".js"));
    const assetRes = await req(`/assets/${asset}`);
    expect(assetRes.status).toBe(200);
    const health = await req("/healthz");
    expect(health.status).toBe(200);
    const forbidden = await req("/taal", {
      method: "POST",
      headers: { Origin: "https://evil.example" },
      body: "lang=en",
    });
    expect(forbidden.status).toBe(403);
    const tooLarge = await req("/taal", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "x".repeat(BODY_LIMIT + 1000),
    });
    expect(tooLarge.status).toBe(413);
  });

  it("give every inline script the nonce of the CSP, a fresh nonce per response", async () => {
    const home = await req("/");
    const nonce = cspNonce(home);
    const scripts = home.text.match(/<script\b[^>]*>/g) ?? [];
    const inline = scripts.filter((s) => !/\bsrc=/.test(s));
    expect(inline.length).toBeGreaterThan(0);
    for (const tag of scripts) {
      const m = /\bnonce="([^"]*)"/.exec(tag);
      expect(m?.[1], `nonce of ${tag}`).toBe(nonce);
    }
    // No inline event handlers or javascript: URLs, which a nonce cannot allow.
    expect(home.text).not.toMatch(/\son[a-z]+="/i);
    expect(home.text).not.toContain("javascript:");

    const again = await req("/");
    expect(cspNonce(again)).not.toBe(nonce);
  });

  it("gives every response its own X-Request-Id, and ignores one sent by the client", async () => {
    await Promise.all([req("/healthz"), req("/healthz"), req("/"), req("/favicon.svg")]);
    const spoofed = await req("/healthz", { headers: { "X-Request-Id": "spoofed-id" } });
    expect(spoofed.headers["x-request-id"]).not.toBe("spoofed-id");
    expect(requestIds.length).toBeGreaterThanOrEqual(5);
    expect(new Set(requestIds).size).toBe(requestIds.length);
  });
});

describe("/.well-known/security.txt", () => {
  it("is RFC 9116 text with the configured contact and an expiry date in the future", async () => {
    const res = await req("/.well-known/security.txt");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain\b/);
    const fields = new Map<string, string>();
    for (const line of res.text.split(/\r?\n/)) {
      const m = /^([A-Za-z-]+):\s*(.+)$/.exec(line);
      if (m) fields.set(m[1]!.toLowerCase(), m[2]!.trim());
    }
    expect(fields.get("contact")).toBe(SECURITY_CONTACT);
    const expires = Date.parse(fields.get("expires") ?? "");
    expect(Number.isNaN(expires)).toBe(false);
    expect(expires).toBeGreaterThan(Date.now());
    // RFC 9116 recommends less than a year ahead.
    expect(expires).toBeLessThan(Date.now() + 366 * 86_400_000);
    expect(fields.get("expires")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });
});

describe("/healthz", () => {
  it("answers 200 JSON with the database status", async () => {
    const res = await req("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(JSON.parse(res.text)).toMatchObject({ status: "ok", database: "ok" });
  });
});

describe("cross-site request forgery", () => {
  const form = { "Content-Type": "application/x-www-form-urlencoded" };
  const body = "lang=en&returnTo=%2Fprivacy";

  it("refuses a form post from another origin with the friendly 403 page", async () => {
    const res = await req("/taal", {
      method: "POST",
      headers: { ...form, Origin: "https://evil.example" },
      body,
    });
    expect(res.status).toBe(403);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.text).toContain("Dit verzoek is geweigerd");
    expect(res.text).toContain("This request was refused");
    expect(res.text).toContain(String(res.headers["x-request-id"]));
    expect(res.headers["set-cookie"]).toBeUndefined();
  });

  it("refuses Sec-Fetch-Site: cross-site and same-site, and an Origin of null", async () => {
    for (const headers of [
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site" },
      // Sec-Fetch-Site wins over a matching Origin.
      { "Sec-Fetch-Site": "cross-site", Origin: server.url },
      { Origin: "null" },
    ] as Record<string, string>[]) {
      const res = await req("/taal", { method: "POST", headers: { ...form, ...headers }, body });
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
  });

  it("accepts Sec-Fetch-Site: same-origin, a matching Origin, and a client without either", async () => {
    for (const headers of [
      { "Sec-Fetch-Site": "same-origin" },
      { "Sec-Fetch-Site": "same-origin", Origin: server.url },
      { Origin: server.url },
      {},
    ] as Record<string, string>[]) {
      const res = await req("/taal", { method: "POST", headers: { ...form, ...headers }, body });
      expect(res.status, JSON.stringify(headers)).toBe(303);
      expect(res.headers.location).toBe("/privacy");
      expect(String(res.headers["set-cookie"])).toMatch(/^lang=en;/);
    }
  });

  it("protects resource routes and PUT, PATCH and DELETE too", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      for (const path of ["/healthz", "/taal", "/does/not/exist"]) {
        const byOrigin = await req(path, {
          method,
          headers: { ...form, Origin: "https://evil.example" },
          body,
        });
        expect(byOrigin.status, `${method} ${path} with a foreign Origin`).toBe(403);
        expect(byOrigin.text).toContain("Dit verzoek is geweigerd");
        const byFetchMeta = await req(path, {
          method,
          headers: { ...form, "Sec-Fetch-Site": "cross-site" },
          body,
        });
        expect(byFetchMeta.status, `${method} ${path} cross-site`).toBe(403);
      }
      const same = await req("/taal", {
        method,
        headers: { ...form, "Sec-Fetch-Site": "same-origin" },
        body,
      });
      expect(same.status, `${method} /taal same-origin`).not.toBe(403);
    }
  });

  it("lets safe methods through whatever the headers say", async () => {
    const res = await req("/", {
      headers: { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" },
    });
    expect(res.status).toBe(200);
  });
});

describe("body limit", () => {
  it("answers a declared Content-Length over the limit with the friendly 413 page", async () => {
    const res = await req("/taal", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": "5000" },
      body: `lang=en&x=${"a".repeat(5000 - 10)}`,
    });
    expect(res.status).toBe(413);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.text).toContain("Dit is te veel om te versturen");
    expect(res.text).toContain("This is too much to send");
  });

  it("answers a chunked body (no Content-Length) that grows over the limit with 413", async () => {
    const chunk = "a".repeat(1000);
    const res = await req("/taal", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      chunks: [`lang=en&x=${chunk}`, chunk, chunk, chunk, chunk],
    });
    expect(res.status).toBe(413);
    expect(res.text).toContain("Dit is te veel om te versturen");
  });

  it("accepts a body just under the limit, and keeps serving after refusals", async () => {
    const body = `lang=en&returnTo=%2F&pad=${"a".repeat(BODY_LIMIT - 40)}`;
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    const ok = await req("/taal", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    expect(ok.status).toBe(303);
    const health = await req("/healthz");
    expect(health.status).toBe(200);
    expect(server.process.exitCode).toBeNull();
  });
});

describe("request logs", () => {
  it("writes one JSON line per request with id, method, path, status and duration", async () => {
    const res = await req("/privacy");
    const id = String(res.headers["x-request-id"]);
    const line = await waitForLog(server.logs, (l) => l.requestId === id);
    expect(line).toMatchObject({ requestId: id, method: "GET", path: "/privacy", status: 200 });
    expect(typeof line.durationMs).toBe("number");
    expect(line.durationMs as number).toBeGreaterThanOrEqual(0);
    // Exactly one line for this request.
    await new Promise((r) => setTimeout(r, 100));
    expect(jsonLogs(server.logs).filter((l) => l.requestId === id)).toHaveLength(1);

    const refused = await req("/taal", {
      method: "POST",
      headers: { Origin: "https://evil.example" },
    });
    const refusedId = String(refused.headers["x-request-id"]);
    expect(await waitForLog(server.logs, (l) => l.requestId === refusedId)).toMatchObject({
      method: "POST",
      path: "/taal",
      status: 403,
    });
  });

  it("never logs a query string or a form body", async () => {
    const res = await req("/?token=secret123&x=1");
    expect(res.status).toBe(200);
    const id = String(res.headers["x-request-id"]);
    expect(await waitForLog(server.logs, (l) => l.requestId === id)).toMatchObject({ path: "/" });

    const ids: string[] = [id];
    for (const path of ["/taal", "/does/not/exist", "/healthz"]) {
      const post = await req(path, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "lang=en&email=a%40b.nl&password=hunter2&returnTo=%2F",
      });
      ids.push(String(post.headers["x-request-id"]));
    }
    const big = await req("/taal", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `password=hunter2&x=${"a".repeat(BODY_LIMIT)}`,
    });
    expect(big.status).toBe(413);
    ids.push(String(big.headers["x-request-id"]));
    for (const i of ids) await waitForLog(server.logs, (l) => l.requestId === i);

    const all = server.logs.join("\n");
    expect(all).not.toContain("secret123");
    expect(all).not.toContain("hunter2");
  });
});

describe("compression and caching", () => {
  it("sends HTML compressed with brotli or gzip, decoding to the page", async () => {
    const plain = await req("/", { headers: { "Accept-Encoding": "identity" } });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.text).toContain("Wat houdt je wakker?");

    const br = await req("/", { headers: { "Accept-Encoding": "br" } });
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    const brText = zlib.brotliDecompressSync(br.raw).toString("utf8");
    expect(brText).toMatch(/^<!DOCTYPE html>/i);
    expect(brText).toContain("Wat houdt je wakker?");
    expect(brText).toContain("</html>");

    const gz = await req("/", { headers: { "Accept-Encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    const gzText = zlib.gunzipSync(gz.raw).toString("utf8");
    expect(gzText).toContain("Wat houdt je wakker?");
    expect(gzText).toContain("</html>");
    expect(gz.raw.length).toBeLessThan(Buffer.byteLength(gzText));

    const json = await req("/healthz", { headers: { "Accept-Encoding": "gzip" } });
    expect(JSON.parse(zlib.gunzipSync(json.raw).toString("utf8"))).toMatchObject({
      status: "ok",
    });
  });

  it("caches fingerprinted assets for a year with an ETag, and answers If-None-Match with 304", async () => {
    const home = await req("/");
    const js = /src="(\/assets\/[^"]+\.js)"|href="(\/assets\/[^"]+\.js)"/.exec(home.text);
    const assetPath = js?.[1] ?? js?.[2];
    expect(assetPath, "a script under /assets/ in the home page").toBeDefined();
    const res = await req(assetPath!);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/javascript/);
    const cc = String(res.headers["cache-control"]);
    expect(cc).toContain("immutable");
    expect(cc).toContain("max-age=31536000");
    const etag = res.headers.etag;
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);

    const cached = await req(assetPath!, { headers: { "If-None-Match": etag! } });
    expect(cached.status).toBe(304);
    expect(cached.raw.length).toBe(0);
    expect(cached.headers.etag).toBe(etag);

    const changed = await req(assetPath!, { headers: { "If-None-Match": '"something-else"' } });
    expect(changed.status).toBe(200);

    const br = await req(assetPath!, { headers: { "Accept-Encoding": "br" } });
    if (br.headers["content-encoding"] === "br") {
      expect(zlib.brotliDecompressSync(br.raw).equals(res.raw)).toBe(true);
    } else {
      expect(br.raw.equals(res.raw)).toBe(true);
    }
  });

  it("does not mark /favicon.svg immutable", async () => {
    const res = await req("/favicon.svg");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    const cc = String(res.headers["cache-control"]);
    expect(cc).not.toContain("immutable");
    expect(cc).not.toContain("max-age=31536000");
  });

  it("answers HEAD for an asset with headers only", async () => {
    const res = await req("/favicon.svg", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.raw.length).toBe(0);
  });
});

describe("unknown routes", () => {
  it("answer GET and POST with the site's 404 page in Dutch", async () => {
    for (const method of ["GET", "POST"]) {
      const res = await req("/does/not/exist", {
        method,
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: method === "POST" ? "a=b" : undefined,
      });
      expect(res.status, method).toBe(404);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.text).toMatch(/<h1[^>]*>Deze pagina bestaat niet<\/h1>/);
      expect(res.text).toContain('<html lang="nl"');
      // The whole site around it: header and footer.
      expect(res.text).toContain('href="/toegankelijkheid"');
    }
  });

  it("answer in English with the language cookie", async () => {
    for (const method of ["GET", "POST"]) {
      const res = await req("/does/not/exist", {
        method,
        headers: { Cookie: "lang=en", "Content-Type": "application/x-www-form-urlencoded" },
        body: method === "POST" ? "a=b" : undefined,
      });
      expect(res.status, method).toBe(404);
      expect(res.text).toMatch(/<h1[^>]*>This page does not exist<\/h1>/);
      expect(res.text).toContain('<html lang="en"');
    }
  });

  it("do not let a path escape the static folder", async () => {
    for (const path of [
      "/assets/../../package.json",
      "/%2e%2e/package.json",
      "/../server/main.ts",
    ]) {
      const res = await req(path);
      expect(res.status, path).toBe(404);
      expect(res.text).not.toContain('"dependencies"');
    }
  });
});
