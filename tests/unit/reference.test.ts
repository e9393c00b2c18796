import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadRegion } from "~/config.server";
import { findInitiatives, loadInitiatives } from "~/modules/initiatives/initiatives.server";
import { parseCsv } from "~/modules/reference/csv";
import { loadReferenceData } from "~/modules/reference/reference.server";
import { isTheme, THEMES } from "~/modules/reference/themes";

const region = loadRegion("config/region.gooi-en-vechtstreek.json");
const reference = loadReferenceData(region);

const BEFORE_MERGER = new Date("2026-06-01T10:00:00Z");
const AFTER_MERGER = new Date("2027-01-02T10:00:00Z");

describe("postcode lookup", () => {
  it("a Hilversum postcode (with space and letters) is inside Hilversum", () => {
    expect(reference.lookupPostcode("1211 AB", BEFORE_MERGER)).toEqual({
      kind: "inside",
      cbsCode: "GM0402",
    });
    expect(reference.lookupPostcode("1211ab", BEFORE_MERGER)).toEqual({
      kind: "inside",
      cbsCode: "GM0402",
    });
  });

  it("1216 spans Hilversum and Wijdemeren before the merger, so it is never guessed", () => {
    const result = reference.lookupPostcode("1216", BEFORE_MERGER);
    expect(result.kind).toBe("ambiguous");
    expect(result.kind === "ambiguous" && [...result.cbsCodes].sort()).toEqual([
      "GM0402",
      "GM1696",
    ]);
  });

  it("1216 is plain Hilversum once Wijdemeren has merged into Hilversum", () => {
    expect(reference.lookupPostcode("1216", AFTER_MERGER)).toEqual({
      kind: "inside",
      cbsCode: "GM0402",
    });
  });

  it("Loosdrecht (1231) is Wijdemeren before 2027 and Hilversum after", () => {
    expect(reference.lookupPostcode("1231", BEFORE_MERGER)).toEqual({
      kind: "inside",
      cbsCode: "GM1696",
    });
    expect(reference.lookupPostcode("1231 AB", AFTER_MERGER)).toEqual({
      kind: "inside",
      cbsCode: "GM0402",
    });
  });

  it("the merger follows the Dutch calendar day, not the UTC one", () => {
    // 31 December 2026, 23:30 UTC is already 1 January 2027, 00:30 in Hilversum.
    expect(reference.lookupPostcode("1231", new Date("2026-12-31T23:30:00Z"))).toEqual({
      kind: "inside",
      cbsCode: "GM0402",
    });
    // 31 December 2026, 22:30 UTC is still 23:30 on the last day of Wijdemeren.
    expect(reference.lookupPostcode("1231", new Date("2026-12-31T22:30:00Z"))).toEqual({
      kind: "inside",
      cbsCode: "GM1696",
    });
  });

  it("Eemnes (3755, province of Utrecht) is a partner municipality inside the region", () => {
    expect(reference.lookupPostcode("3755", BEFORE_MERGER)).toEqual({
      kind: "inside",
      cbsCode: "GM0317",
    });
    expect(reference.municipality("GM0317")?.partner).toBe(true);
  });

  it("an Amsterdam postcode is outside the region", () => {
    expect(reference.lookupPostcode("1012", BEFORE_MERGER)).toEqual({ kind: "outside" });
    expect(reference.lookupPostcode("1012 AB", AFTER_MERGER)).toEqual({ kind: "outside" });
  });

  it.each(["abc", "0123", "", "12", "12345", "1211 A", "1211-AB"])(
    "%j is not a postcode",
    (input) => {
      expect(reference.lookupPostcode(input, BEFORE_MERGER)).toEqual({ kind: "invalid" });
    },
  );

  it("every postcode in the postcode file lies in a municipality of the region", () => {
    const codes = new Set(region.municipalities.map((m) => m.cbsCode));
    expect(reference.postcodes.size).toBeGreaterThan(0);
    for (const area of reference.postcodes.values()) {
      for (const code of area.municipalities) {
        expect(codes.has(code), `${area.pc4} → ${code}`).toBe(true);
      }
    }
  });
});

describe("municipalities", () => {
  it("Wijdemeren is a municipality to choose before the merger and not after", () => {
    const before = reference.currentMunicipalities(BEFORE_MERGER).map((m) => m.cbsCode);
    const after = reference.currentMunicipalities(new Date("2027-02-01T12:00:00Z"));
    expect(before).toContain("GM1696");
    expect(after.map((m) => m.cbsCode)).not.toContain("GM1696");
    expect(after.map((m) => m.name)).toEqual(
      expect.arrayContaining(["Hilversum", "Huizen", "Laren", "Blaricum", "Gooise Meren"]),
    );
    expect(after).toHaveLength(before.length - 1);
  });

  it("looks a municipality up by CBS code", () => {
    expect(reference.municipality("GM0402")?.name).toBe("Hilversum");
    expect(reference.municipality("GM0363")).toBeUndefined();
  });
});

describe("SBI 2025 sections", () => {
  it("has the 22 sections A to V, each with a Dutch and an English name", () => {
    const codes = reference.sbiSections.map((s) => s.code);
    expect(codes).toEqual("ABCDEFGHIJKLMNOPQRSTUV".split(""));
    for (const s of reference.sbiSections) {
      expect(s.nameNl.trim(), `${s.code} Dutch name`).not.toBe("");
      expect(s.nameEn.trim(), `${s.code} English name`).not.toBe("");
      expect(s.nameNl, `${s.code} names differ`).not.toBe(s.nameEn);
    }
  });

  it("keeps commas inside quoted names", () => {
    const a = reference.sbiSections.find((s) => s.code === "A");
    expect(a?.nameNl).toBe("Landbouw, bosbouw en visserij");
    expect(a?.nameEn).toBe("Agriculture, forestry and fishing");
    expect(reference.sbiSections.find((s) => s.code === "F")?.nameEn).toBe("Construction");
  });
});

describe("CSV parser", () => {
  it("reads a header and rows into records", () => {
    expect(parseCsv("a,b\n1,2\n3,4\n")).toEqual([
      { a: "1", b: "2" },
      { a: "3", b: "4" },
    ]);
  });

  it("keeps commas, doubled quotes and newlines inside quoted fields", () => {
    const text = 'name,note\n"Vecht, Zon","zei ""hallo"""\n"twee\nregels",x\n';
    expect(parseCsv(text)).toEqual([
      { name: "Vecht, Zon", note: 'zei "hallo"' },
      { name: "twee\nregels", note: "x" },
    ]);
  });

  it("handles CRLF line ends, a missing last newline, blank lines and short rows", () => {
    expect(parseCsv("a,b,c\r\n1,2,3\r\n\r\n4,5")).toEqual([
      { a: "1", b: "2", c: "3" },
      { a: "4", b: "5", c: "" },
    ]);
  });

  it("keeps empty fields", () => {
    expect(parseCsv('a,b,c\n,"",x\n')).toEqual([{ a: "", b: "", c: "x" }]);
  });

  it("an empty file has no records", () => {
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("a,b\n")).toEqual([]);
  });
});

describe("themes and initiatives", () => {
  const file = JSON.parse(readFileSync("reference/initiatives.json", "utf8")) as {
    fields: { themes: string[] };
    initiatives: { id: string; status: string; themes: string[] }[];
  };

  it("the theme taxonomy is the one in reference/initiatives.json", () => {
    expect([...THEMES]).toEqual(file.fields.themes);
    expect(isTheme("cybersecurity")).toBe(true);
    expect(isTheme("blockchain")).toBe(false);
    expect(isTheme(undefined)).toBe(false);
  });

  it("loads every initiative in the file", () => {
    const all = loadInitiatives();
    expect(all.map((i) => i.id)).toEqual(file.initiatives.map((i) => i.id));
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
  });

  it("never shows initiatives that have ended", () => {
    const ended = file.initiatives.filter((i) => i.status === "ended").map((i) => i.id);
    expect(ended.length).toBeGreaterThan(0);
    const shown = findInitiatives({ lang: "nl" }).map((i) => i.id);
    for (const id of ended) expect(shown).not.toContain(id);
    expect(shown).toHaveLength(file.initiatives.length - ended.length);
  });

  it("filters on a theme", () => {
    const cyber = findInitiatives({ theme: "cybersecurity", lang: "nl" });
    const expected = file.initiatives
      .filter((i) => i.status !== "ended" && i.themes.includes("cybersecurity"))
      .map((i) => i.id)
      .sort();
    expect(cyber.length).toBeGreaterThan(0);
    expect(cyber.map((i) => i.id).sort()).toEqual(expected);
    for (const i of cyber) expect(i.themes).toContain("cybersecurity");
  });

  it("shows regional initiatives before national ones", () => {
    const cards = findInitiatives({ lang: "nl" });
    const regional = cards.map((c) => /gooi|hilversum/i.test(c.region));
    const firstNational = regional.indexOf(false);
    if (firstNational >= 0) expect(regional.slice(firstNational)).not.toContain(true);
  });

  it("describes initiatives in the reader's language and links to a full URL", () => {
    const raw = loadInitiatives()[0]!;
    const nl = findInitiatives({ lang: "nl" }).find((c) => c.id === raw.id);
    const en = findInitiatives({ lang: "en" }).find((c) => c.id === raw.id);
    expect(nl?.description).toBe(raw.description_nl);
    expect(en?.description).toBe(raw.description_en);
    for (const card of findInitiatives({ lang: "en" })) {
      if (card.url) expect(card.url).toMatch(/^https?:\/\/[^\s;]+$/);
    }
  });
});
