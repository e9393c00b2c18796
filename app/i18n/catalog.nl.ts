/**
 * The Dutch catalog as the browser gets it: its own chunk, loaded before hydration when the
 * page is Dutch (entry.client.tsx). Leaves out the server-only areas (SERVER_ONLY_AREAS).
 */
import { type Catalog, mergeCatalog } from "./catalog";

const files = import.meta.glob<Catalog>(
  ["./nl.json", "./locales/*.nl.json", "!./locales/{mail,resultpdf}.nl.json"],
  { eager: true, import: "default" },
);

export default mergeCatalog("nl", files);
