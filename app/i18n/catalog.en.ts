/**
 * The English catalog as the browser gets it: its own chunk, loaded before hydration when the
 * page is English (entry.client.tsx). Leaves out the server-only areas (SERVER_ONLY_AREAS).
 */
import { type Catalog, mergeCatalog } from "./catalog";

const files = import.meta.glob<Catalog>(
  ["./en.json", "./locales/*.en.json", "!./locales/{mail,resultpdf}.en.json"],
  { eager: true, import: "default" },
);

export default mergeCatalog("en", files);
