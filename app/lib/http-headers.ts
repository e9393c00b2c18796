/**
 * Response headers of page routes. React Router passes only Set-Cookie from a loader or action
 * to the page's response by itself; any other header needs the route's `headers` export.
 */

/**
 * For forms that answer 429: keep the action's Retry-After (and the parent's headers).
 * Use as `export const headers = keepRetryAfter;` in the route module.
 */
export function keepRetryAfter({
  parentHeaders,
  actionHeaders,
}: {
  parentHeaders: Headers;
  actionHeaders: Headers;
}): Headers {
  const headers = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
}
