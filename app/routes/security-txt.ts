import { runtime } from "~/runtime.server";

/** RFC 9116 security.txt, from configuration (SECURITY_CONTACT, PUBLIC_URL). */
export async function loader() {
  const { config } = await runtime();
  const expires = new Date(Date.now() + 180 * 86_400_000);
  expires.setUTCHours(0, 0, 0, 0);
  const body = [
    `Contact: ${config.securityContact}`,
    `Expires: ${expires.toISOString()}`,
    "Preferred-Languages: nl, en",
    `Canonical: ${config.publicUrl}/.well-known/security.txt`,
    "",
  ].join("\n");
  return new Response(body, { headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
