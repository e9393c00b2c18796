// `npm start`: build when the production build is missing or older than the sources, then serve.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ensureBuild } from "./ensure-build.mjs";

try {
  ensureBuild();
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
await import(pathToFileURL(path.resolve("build/main.js")).href);
