/**
 * Reference data loader: the region's municipalities and four-digit postcodes, and the SBI
 * sections. The files live in `reference/` (sources in reference/SOURCES.md); which
 * municipalities belong to the region is configuration (REGION_CONFIG).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { RegionConfig } from "~/config.server";
import { isoDay } from "~/i18n/format";
import { parseCsv } from "./csv";

export interface Municipality {
  cbsCode: string;
  name: string;
  validFrom?: string;
  validUntil?: string;
  mergedInto?: string;
  partner: boolean;
}

export interface PostcodeArea {
  pc4: string;
  /** All municipalities with addresses in this PC4, the main one first. */
  municipalities: string[];
  shared: boolean;
  places: string;
}

export interface SbiSection {
  code: string;
  nameNl: string;
  nameEn: string;
}

export type PostcodeLookup =
  | { kind: "invalid" }
  | { kind: "outside" }
  | { kind: "inside"; cbsCode: string }
  | { kind: "ambiguous"; cbsCodes: string[] };

export interface ReferenceData {
  municipalities: Municipality[];
  postcodes: Map<string, PostcodeArea>;
  sbiSections: SbiSection[];
  lookupPostcode(postcode: string, on?: Date): PostcodeLookup;
  municipality(cbsCode: string): Municipality | undefined;
  /** Municipalities valid on a date (default today), for pick lists. */
  currentMunicipalities(on?: Date): Municipality[];
}

const CBS = /GM\d{4}/g;

function readText(root: string, file: string): string {
  return readFileSync(path.resolve(root, file), "utf8");
}

export function loadReferenceData(region: RegionConfig, root = process.cwd()): ReferenceData {
  const municipalities: Municipality[] = region.municipalities.map((m) => ({ ...m }));
  const inRegion = new Set(municipalities.map((m) => m.cbsCode));

  const postcodes = new Map<string, PostcodeArea>();
  for (const row of parseCsv(readText(root, region.postcodesFile))) {
    const main = row.cbs_code ?? "";
    if (!/^\d{4}$/.test(row.pc4 ?? "") || !main) {
      throw new Error(`${region.postcodesFile}: bad row ${JSON.stringify(row)}`);
    }
    const shared = row.shared === "yes";
    // For a shared PC4 the notes name the other municipality's CBS code.
    const others = shared ? [...(row.notes ?? "").matchAll(CBS)].map((m) => m[0]) : [];
    const all = [main, ...others.filter((c) => c !== main)];
    postcodes.set(row.pc4!, {
      pc4: row.pc4!,
      municipalities: all,
      shared: all.length > 1,
      places: row.places ?? "",
    });
  }

  const sbiSections = parseCsv(readText(root, "reference/sbi-2025-sections.csv")).map((r) => ({
    code: r.section ?? "",
    nameNl: r.name_nl ?? "",
    nameEn: r.name_en ?? "",
  }));

  const byCode = new Map(municipalities.map((m) => [m.cbsCode, m]));

  function validOn(m: Municipality, on: Date): boolean {
    // Validity dates are Dutch calendar days: a merger takes effect at midnight in Amsterdam.
    const day = isoDay(on);
    return (!m.validFrom || m.validFrom <= day) && (!m.validUntil || day <= m.validUntil);
  }

  /** A municipality merged into another counts as that one after its end date. */
  function resolve(cbsCode: string, on: Date): string {
    const m = byCode.get(cbsCode);
    if (m && !validOn(m, on) && m.mergedInto) return m.mergedInto;
    return cbsCode;
  }

  return {
    municipalities,
    postcodes,
    sbiSections,
    municipality: (code) => byCode.get(code),
    currentMunicipalities: (on = new Date()) => municipalities.filter((m) => validOn(m, on)),
    lookupPostcode(postcode, on = new Date()) {
      const pc4 = postcode.replace(/\s+/g, "").slice(0, 4);
      if (!/^[1-9]\d{3}([A-Za-z]{2})?$/.test(postcode.replace(/\s+/g, "")))
        return { kind: "invalid" };
      const area = postcodes.get(pc4);
      if (!area) return { kind: "outside" };
      const codes = [...new Set(area.municipalities.map((c) => resolve(c, on)))];
      const inside = codes.filter((c) => inRegion.has(c));
      if (inside.length === 0) return { kind: "outside" };
      if (codes.length === 1) return { kind: "inside", cbsCode: inside[0]! };
      // A PC4 that spans two municipalities (or the region's border) is never guessed.
      return { kind: "ambiguous", cbsCodes: codes };
    },
  };
}
