/**
 * The anonymous page cache (server/page-cache.ts): which requests may be answered from it,
 * which responses are kept, and that every hit gets its own nonce and request id.
 */
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { PageCache } from "../../server/page-cache";

function req(method: string, cookie?: string): IncomingMessage {
  return { method, headers: cookie ? { cookie } : {} } as IncomingMessage;
}
const url = (p: string) => new URL(p, "http://spot.test");
const html = (headers: Record<string, string> = {}) => ({
  status: 200,
  headers: new Headers({ "content-type": "text/html; charset=utf-8", ...headers }),
});

describe("page cache", () => {
  const cache = new PageCache(10_000);

  it("only serves anonymous GET/HEAD requests without a query string", () => {
    expect(cache.keyFor(req("GET"), url("/"))).toBeDefined();
    expect(cache.keyFor(req("HEAD"), url("/hulp"))).toBeDefined();
    expect(cache.keyFor(req("GET", "lang=en"), url("/"))).not.toBe(
      cache.keyFor(req("GET"), url("/")),
    );
    expect(cache.keyFor(req("POST"), url("/"))).toBeUndefined();
    expect(cache.keyFor(req("GET"), url("/?pagina=2"))).toBeUndefined();
    expect(cache.keyFor(req("GET", "spot_session=abc"), url("/"))).toBeUndefined();
    expect(cache.keyFor(req("GET", "lang=nl; spot_scans=x%3Ay"), url("/"))).toBeUndefined();
    expect(new PageCache(0).keyFor(req("GET"), url("/"))).toBeUndefined();
  });

  it("keeps only plain 200 HTML pages", () => {
    const k = "k";
    const render = { nonce: "NONCE123", requestId: "req-1" };
    expect(cache.put(k, { ...html(), status: 404 }, "<p/>", render)).toBeUndefined();
    expect(cache.put(k, html({ "content-type": "application/json" }), "{}", render)).toBe(
      undefined,
    );
    expect(cache.put(k, html({ "set-cookie": "a=b" }), "<p/>", render)).toBeUndefined();
    expect(cache.put(k, html({ "cache-control": "private" }), "<p/>", render)).toBeUndefined();
    expect(cache.put(k, html({ "cache-control": "no-store" }), "<p/>", render)).toBeUndefined();
    expect(cache.put(k, html(), "<p/>", render)).toBeDefined();
  });

  it("gives every hit its own nonce and request id, and forgets pages after the TTL", () => {
    const page = cache.put(
      "home",
      html(),
      '<script nonce="NONCE123">x</script><link nonce="NONCE123"><code>req-1</code>',
      { nonce: "NONCE123", requestId: "req-1" },
      1_000,
    )!;
    expect(PageCache.render(page, "FRESH", "req-2")).toBe(
      '<script nonce="FRESH">x</script><link nonce="FRESH"><code>req-2</code>',
    );
    expect(cache.get("home", 5_000)).toBe(page);
    expect(cache.get("home", 11_001)).toBeUndefined();
  });
});
