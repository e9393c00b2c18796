// Bundles server/main.ts into build/main.js (dependencies stay external, loaded from node_modules).
import { build } from "esbuild";

await build({
  entryPoints: ["server/main.ts"],
  outfile: "build/main.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
