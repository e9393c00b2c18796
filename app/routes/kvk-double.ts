/**
 * The KvK test double at /__kvk/v1/basisprofielen/:kvk — mounted in demo mode only, so you
 * can see what the demo's KvK lookup answers (fictitious companies 90000001–90000010).
 * Outside demo mode this address does not exist (404).
 */
import { handleKvkDoubleRequest } from "~/modules/kvk/kvk-double.server";
import { runtime } from "~/runtime.server";
import type { Route } from "./+types/kvk-double";

export async function loader({ request }: Route.LoaderArgs) {
  const { config } = await runtime();
  if (!config.demo) throw new Response("Not Found", { status: 404 });
  return handleKvkDoubleRequest(request);
}
