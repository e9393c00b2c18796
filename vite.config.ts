import { readFileSync } from "node:fs";
import { reactRouter } from "@react-router/dev/vite";
import { defineConfig, type Plugin } from "vite";

/**
 * `virtual:i18n-chunks`: for the server, the browser chunk of each language's catalog (the file
 * and its imports), so the root can preload the page's language (docs/decisions/011). The
 * client build runs first and its Vite manifest is still there during the server build; in
 * development there is none and nothing is preloaded.
 */
function i18nChunks(): Plugin {
  const id = "virtual:i18n-chunks";
  return {
    name: "spot-i18n-chunks",
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved, options) {
      if (resolved !== `\0${id}`) return;
      const chunks: Record<string, string[]> = {};
      if (options?.ssr) {
        type Entry = { file: string; imports?: string[] };
        let manifest: Record<string, Entry> = {};
        try {
          manifest = JSON.parse(readFileSync("build/client/.vite/manifest.json", "utf8"));
        } catch {
          // development: no client build
        }
        for (const lang of ["nl", "en"]) {
          const files = new Set<string>();
          const walk = (key: string) => {
            const entry = manifest[key];
            if (!entry || files.has(`/${entry.file}`)) return;
            files.add(`/${entry.file}`);
            for (const i of entry.imports ?? []) walk(i);
          };
          walk(`app/i18n/catalog.${lang}.ts`);
          if (files.size) chunks[lang] = [...files];
        }
      }
      return `export default ${JSON.stringify(chunks)};`;
    },
  };
}

export default defineConfig({
  plugins: [reactRouter(), i18nChunks()],
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  build: { target: "es2022" },
  ssr: { external: ["better-sqlite3", "pg", "pino", "nodemailer"] },
});
