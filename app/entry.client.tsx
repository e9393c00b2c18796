import { StrictMode, startTransition } from "react";
import { hydrateRoot } from "react-dom/client";
import { HydratedRouter } from "react-router/dom";
import { DEFAULT_LANG, isLang, loadCatalog } from "~/i18n/i18n";

// The browser gets only the page's language (<html lang>): its catalog is loaded before
// hydration, so the first client render has every text the server rendered. The root
// preloads that chunk (<link rel="modulepreload">), so this is no extra round trip.
const lang = document.documentElement.lang;

loadCatalog(isLang(lang) ? lang : DEFAULT_LANG).then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <HydratedRouter />
      </StrictMode>,
    );
  });
});
