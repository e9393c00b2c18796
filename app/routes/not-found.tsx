import { data } from "react-router";

/** Any unknown path: a 404 rendered by the root error boundary, in the site's style. */
export function loader() {
  throw new Response("Not Found", { status: 404 });
}

/**
 * A form posted to an unknown path. Returning (not throwing) the 404 lets React Router run the
 * loaders, so the root loader provides the visitor's language; the loader above then throws
 * the 404 that the root error boundary shows. A thrown action error skips the root loader, and
 * the page would always be Dutch.
 */
export function action() {
  return data(null, { status: 404 });
}

export default function NotFound() {
  return null;
}
