import type { Role } from "~/db/schema";

/** Who is asking. Built once per request from the session (see auth/actor.server.ts). */
export type Actor =
  | { kind: "anonymous" }
  | {
      kind: "user";
      id: string;
      email: string;
      name: string;
      roles: ReadonlySet<Role>;
      /** Companies this person is a member of. */
      companyIds: readonly string[];
      isDemo: boolean;
    };

export const ANONYMOUS: Actor = { kind: "anonymous" };

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.kind === "user" && roles.some((r) => actor.roles.has(r));
}

export function isSignedIn(actor: Actor): actor is Extract<Actor, { kind: "user" }> {
  return actor.kind === "user";
}
