import type { Actor } from "./actor";
import { type Action, can } from "./rules";

export type { Action };
export { can };

/**
 * Throw a 404 when the actor may not do this: something you may not see does not exist
 * for you. (Anonymous visitors of pages that need a log-in are sent to it by requireUser.)
 */
export function assertCan<A extends Action>(
  actor: Actor,
  action: A,
  ...resource: Parameters<typeof can<A>> extends [Actor, A, ...infer R] ? R : never
): void {
  // biome-ignore lint/suspicious/noExplicitAny: forwarding the typed rest argument
  if (!(can as any)(actor, action, ...resource)) {
    throw new Response("Not Found", { status: 404 });
  }
}
