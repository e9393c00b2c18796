/** The browser chunks of the catalogs, per language (vite.config.ts `i18nChunks`). */
declare module "virtual:i18n-chunks" {
  const chunks: Partial<Record<"nl" | "en", string[]>>;
  export default chunks;
}
