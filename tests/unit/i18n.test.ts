import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import browserEn from "~/i18n/catalog.en";
import browserNl from "~/i18n/catalog.nl";
import en from "~/i18n/en.json";
import { formatDate, formatDateTime, formatEuro, formatNumber, isoDay } from "~/i18n/format";
import { catalogs, flattenKeys, getT, LANGUAGES } from "~/i18n/i18n";
import nl from "~/i18n/nl.json";
import { loadInitiatives } from "~/modules/initiatives/initiatives.server";
import { THEMES } from "~/modules/reference/themes";

const PLURAL_SUFFIXES = ["_zero", "_one", "_two", "_few", "_many", "_other"];

const keysOf = (lang: (typeof LANGUAGES)[number]) => new Set(flattenKeys(catalogs[lang]));

/** A key is present when the catalog has it, or its i18next plural forms. */
function hasKey(keys: Set<string>, key: string): boolean {
  return keys.has(key) || PLURAL_SUFFIXES.some((s) => keys.has(`${key}${s}`));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

interface KeyUse {
  file: string;
  /** A literal key, or a pattern for a template literal such as `theme.${id}`. */
  key: string;
  pattern?: RegExp;
}

/** Every t("…") and t(`…`) call in the app source. */
function keysUsedInApp(): KeyUse[] {
  const uses: KeyUse[] = [];
  for (const file of sourceFiles("app")) {
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/\bt\(\s*"([^"]+)"/g)) uses.push({ file, key: m[1]! });
    for (const m of source.matchAll(/\bt\(\s*'([^']+)'/g)) uses.push({ file, key: m[1]! });
    for (const m of source.matchAll(/\bt\(\s*`([^`]+)`/g)) {
      const template = m[1]!;
      const parts = template.split(/\$\{[^}]*\}/);
      if (parts.length === 1) {
        uses.push({ file, key: template });
        continue;
      }
      const escaped = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
      uses.push({ file, key: template, pattern: new RegExp(`^${escaped.join(".+")}$`) });
    }
  }
  return uses;
}

describe("translation catalogs", () => {
  it("Dutch and English have the same keys", () => {
    const nl = keysOf("nl");
    const english = keysOf("en");
    const missingInEn = [...nl].filter((k) => !english.has(k));
    const missingInNl = [...english].filter((k) => !nl.has(k));
    expect(
      { missingInEn, missingInNl },
      `keys missing in en.json: ${missingInEn.join(", ") || "none"}; missing in nl.json: ${missingInNl.join(", ") || "none"}`,
    ).toEqual({ missingInEn: [], missingInNl: [] });
  });

  it("no text is empty, and both languages use the same {{placeholders}}", () => {
    const problems: string[] = [];
    const get = (obj: unknown, key: string) =>
      key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], obj);
    const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
    for (const key of flattenKeys(catalogs.nl)) {
      const nl = get(catalogs.nl, key);
      const english = get(catalogs.en, key);
      if (typeof nl !== "string" || nl.trim() === "") problems.push(`nl ${key} is empty`);
      if (typeof english !== "string") continue; // reported by the parity test
      if (english.trim() === "") problems.push(`en ${key} is empty`);
      if (typeof nl === "string" && placeholders(nl).join() !== placeholders(english).join()) {
        problems.push(`${key}: nl {{${placeholders(nl)}}} vs en {{${placeholders(english)}}}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("every key the app uses exists in both catalogs", () => {
    const uses = keysUsedInApp();
    // The scan must find the app's calls, or this test would prove nothing.
    expect(uses.map((u) => u.key)).toContain("home.title");
    expect(uses.some((u) => u.pattern)).toBe(true);
    for (const lang of LANGUAGES) {
      const keys = keysOf(lang);
      const missing = uses
        .filter((u) =>
          u.pattern ? ![...keys].some((k) => u.pattern!.test(k)) : !hasKey(keys, u.key),
        )
        .map((u) => `${u.key} (${u.file})`);
      expect(missing, `missing in ${lang}.json`).toEqual([]);
    }
  });

  it("the browser's catalogs are the server's without the server-only areas", () => {
    const browser = { nl: browserNl, en: browserEn };
    for (const lang of LANGUAGES) {
      const server = catalogs[lang]!;
      expect(Object.keys(browser[lang]).sort(), lang).toEqual(
        Object.keys(server)
          .filter((k) => k !== "mail" && k !== "resultPdf")
          .sort(),
      );
      for (const k of Object.keys(browser[lang])) expect(browser[lang][k]).toEqual(server[k]);
    }
  });

  it("components use no server-only key (the browser would not have it)", () => {
    const browserKeys = new Set(flattenKeys(browserNl));
    // Route modules: their loaders and actions run on the server, so only the rest counts.
    const missing = keysUsedInApp()
      .filter((u) => !u.file.includes(".server.") && !u.file.includes("/modules/"))
      .filter((u) =>
        u.pattern ? ![...browserKeys].some((k) => u.pattern!.test(k)) : !hasKey(browserKeys, u.key),
      )
      .map((u) => `${u.key} (${u.file})`);
    expect(missing).toEqual([]);
  });

  it("every theme and every kind of initiative has a label in both languages", () => {
    const kinds = [...new Set(loadInitiatives().map((i) => i.kind))];
    for (const lang of LANGUAGES) {
      const t = getT(lang);
      const keys = keysOf(lang);
      for (const theme of THEMES)
        expect(keys, `${lang} theme.${theme}`).toContain(`theme.${theme}`);
      for (const kind of kinds) {
        const label = t(`help.kind.${kind}`);
        expect(label, `${lang} help.kind.${kind}`).not.toBe(`help.kind.${kind}`);
        expect(label).not.toBe("");
      }
    }
  });
});

describe("translate function", () => {
  it("English is English and Dutch is Dutch", () => {
    expect(getT("en")("home.title")).toBe(en.home.title);
    expect(getT("en")("home.title")).toBe("What keeps you awake at night?");
    expect(getT("nl")("home.title")).toBe(nl.home.title);
    expect(getT("nl")("home.title")).not.toBe(getT("en")("home.title"));
  });

  it("fills in placeholders and picks the plural form", () => {
    expect(getT("en")("help.count", { count: 1 })).toBe("1 initiative found");
    expect(getT("en")("help.count", { count: 3 })).toBe("3 initiatives found");
    expect(getT("nl")("help.count", { count: 1 })).toContain("1 initiatief");
    expect(getT("nl")("help.count", { count: 2 })).toContain("2 initiatieven");
    expect(getT("en")("layout.homeLink", { name: "SPOT 035" })).toBe("SPOT 035, to the home page");
  });

  it("does not HTML-escape values (React escapes them)", () => {
    expect(getT("en")("layout.homeLink", { name: "A & B" })).toContain("A & B");
  });
});

describe("dates and numbers (Europe/Amsterdam)", () => {
  it("late evening UTC is already the next day in Amsterdam, in winter and in summer", () => {
    // 23:30 UTC on 28 March 2026 (CET, +1) is 00:30 on 29 March.
    expect(isoDay("2026-03-28T23:30:00Z")).toBe("2026-03-29");
    // 22:30 UTC on 1 July 2026 (CEST, +2) is 00:30 on 2 July.
    expect(isoDay("2026-07-01T22:30:00Z")).toBe("2026-07-02");
    // 21:30 UTC on 1 July is still 23:30 on 1 July.
    expect(isoDay(new Date("2026-07-01T21:30:00Z"))).toBe("2026-07-01");
  });

  it("formats dates as Dutch or English words on the Amsterdam day", () => {
    expect(formatDate("2026-03-28T23:30:00Z", "nl")).toBe("29 maart 2026");
    expect(formatDate("2026-07-01T22:30:00Z", "en")).toBe("2 July 2026");
    expect(formatDate(Date.UTC(2026, 0, 15, 12), "nl")).toBe("15 januari 2026");
  });

  it("formats a date and time in Amsterdam time", () => {
    const s = formatDateTime("2026-07-01T10:05:00Z", "nl");
    expect(s).toContain("1 juli 2026");
    expect(s).toContain("12:05");
  });

  it("formats euros and numbers with Dutch separators in Dutch", () => {
    expect(formatEuro(1234567, "nl")).toMatch(/^€\s1\.234\.567$/);
    expect(formatEuro(1234567, "en")).toBe("€1,234,567");
    expect(formatEuro(2500.4, "nl")).toMatch(/^€\s2\.500$/);
    expect(formatNumber(1234.56, "nl")).toBe("1.234,6");
    expect(formatNumber(1234.56, "en")).toBe("1,234.6");
  });
});
