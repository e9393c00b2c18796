/**
 * Cross-site request forgery protection for every state-changing request (forms, fetches and
 * resource routes alike), by Fetch Metadata and Origin, as Go's http.CrossOriginProtection
 * does (see docs/decisions/005-csrf.md):
 * - a browser that sends Sec-Fetch-Site must say same-origin (or none: typed by the user);
 * - otherwise an Origin header, when present, must be our own origin;
 * - a request with neither comes from a non-browser client, which cannot carry a victim's
 *   cookies cross-site, and is allowed.
 * Session cookies are SameSite=Lax as a second layer.
 */
import type { IncomingHttpHeaders } from "node:http";

export function isCrossSiteRequest(
  headers: IncomingHttpHeaders,
  publicUrl: string,
  host: string | undefined,
): boolean {
  const site = headers["sec-fetch-site"];
  if (typeof site === "string" && site.length > 0) {
    return site !== "same-origin" && site !== "none";
  }
  const origin = headers.origin;
  if (typeof origin !== "string" || origin.length === 0) return false;
  if (origin === "null") return true;
  const allowed = new Set<string>([new URL(publicUrl).origin]);
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  return !allowed.has(origin);
}
