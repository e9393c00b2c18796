/**
 * Rendered pages for anonymous visitors, kept for a few seconds (docs/decisions/010).
 *
 * Only a GET or HEAD without a query string, from a visitor without cookies other than the
 * language cookie, whose answer is a 200 HTML page without Set-Cookie or `Cache-Control:
 * private/no-store`, is kept — keyed by host, path and language cookie. A page is stored as a
 * template: the CSP nonce and the request id of the render that made it are cut out, and every
 * hit gets its own fresh nonce and request id put back, so each response still carries a nonce
 * of its own (the CSP is unchanged). Compression happens per hit (the nonce differs), on the
 * whole body at once.
 */
import type { IncomingMessage } from "node:http";

const NONCE_MARK = "\u0000n";
const REQUEST_ID_MARK = "\u0000r";

export interface CachedPage {
  template: string;
  status: number;
  headers: [string, string][];
  expires: number;
}

export class PageCache {
  private readonly pages = new Map<string, CachedPage>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
  ) {}

  /** The cache key of a request, or undefined when its answer may not come from the cache. */
  keyFor(req: IncomingMessage, url: URL): string | undefined {
    if (this.ttlMs <= 0) return undefined;
    if (req.method !== "GET" && req.method !== "HEAD") return undefined;
    if (url.search) return undefined;
    // Only the language cookie may be there: anything else (a session, scan owner tokens, a
    // flash message) can change the page.
    let lang = "";
    const cookie = req.headers.cookie;
    if (cookie) {
      for (const part of cookie.split(";")) {
        const eq = part.indexOf("=");
        const name = (eq < 0 ? part : part.slice(0, eq)).trim();
        if (!name) continue;
        if (name !== "lang") return undefined;
        lang = part.slice(eq + 1).trim();
      }
    }
    return `${url.host}\n${lang}\n${url.pathname}`;
  }

  get(key: string, now = Date.now()): CachedPage | undefined {
    const page = this.pages.get(key);
    if (!page) return undefined;
    if (page.expires <= now) {
      this.pages.delete(key);
      return undefined;
    }
    return page;
  }

  /** Keep a rendered page when its response allows it. Returns the stored page or undefined. */
  put(
    key: string,
    response: { status: number; headers: Headers },
    html: string,
    render: { nonce: string; requestId: string },
    now = Date.now(),
  ): CachedPage | undefined {
    if (response.status !== 200) return undefined;
    const h = response.headers;
    if (!/^text\/html\b/i.test(h.get("content-type") ?? "")) return undefined;
    if (h.getSetCookie().length > 0) return undefined;
    if (/\b(no-store|private|no-cache)\b/i.test(h.get("cache-control") ?? "")) return undefined;
    if (html.includes("\u0000") || !render.nonce) return undefined;
    let template = html.replaceAll(render.nonce, NONCE_MARK);
    if (render.requestId) template = template.replaceAll(render.requestId, REQUEST_ID_MARK);
    const headers: [string, string][] = [];
    for (const [k, v] of h) if (k !== "content-length" && k !== "set-cookie") headers.push([k, v]);
    if (this.pages.size >= this.maxEntries) {
      // Drop the oldest (Map keeps insertion order).
      const oldest = this.pages.keys().next().value;
      if (oldest !== undefined) this.pages.delete(oldest);
    }
    const page = { template, status: response.status, headers, expires: now + this.ttlMs };
    this.pages.delete(key);
    this.pages.set(key, page);
    return page;
  }

  /** The page for one response: its own nonce and request id. */
  static render(page: CachedPage, nonce: string, requestId: string): string {
    return page.template.replaceAll(NONCE_MARK, nonce).replaceAll(REQUEST_ID_MARK, requestId);
  }
}
