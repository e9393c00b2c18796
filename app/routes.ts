import { index, type RouteConfig, route } from "@react-router/dev/routes";

/**
 * The route table. Every route here is walked by the route × role matrix test
 * (tests/browser or tests/unit/routes), so a new route must get its expectations there.
 * Paths are Dutch: they are what entrepreneurs see and share.
 */
export default [
  index("routes/home.tsx"),
  route("toegankelijkheid", "routes/accessibility.tsx"),
  route("privacy", "routes/privacy.tsx"),
  route("contact", "routes/contact.tsx"),
  route("hulp", "routes/help.tsx"),
  route("taal", "routes/language.ts"),
  route("healthz", "routes/healthz.ts"),
  route(".well-known/security.txt", "routes/security-txt.ts"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
