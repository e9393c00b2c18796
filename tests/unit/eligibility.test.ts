import { describe, expect, it } from "vitest";
import { loadRegion } from "~/config.server";
import { assessEligibility, isSoleTraderForm } from "~/modules/intake/eligibility";
import { loadReferenceData } from "~/modules/reference/reference.server";

const region = loadRegion("config/region.gooi-en-vechtstreek.json");
const reference = loadReferenceData(region);

const BEFORE_MERGER = new Date("2026-06-01T10:00:00Z");
const AFTER_MERGER = new Date("2027-01-02T10:00:00Z");
const rules = {
  lookupPostcode: reference.lookupPostcode,
  companySize: region.companySize,
  on: BEFORE_MERGER,
};

const check = (postcode: string, employees: number, legalForm?: string | null) =>
  assessEligibility({ postcode, employees, legalForm }, rules);

describe("eligibility", () => {
  it("a company of 12 in Hilversum is eligible, with its municipality", () => {
    expect(check("1211 AB", 12)).toEqual({ kind: "eligible", cbsCode: "GM0402" });
    expect(check("1271KL", 12, "BeslotenVennootschap")).toEqual({
      kind: "eligible",
      cbsCode: "GM0406",
    });
  });

  it("the size range is inclusive: 2 and 250 are in, 251 is out", () => {
    expect(check("1211 AB", 2).kind).toBe("eligible");
    expect(check("1211 AB", 250).kind).toBe("eligible");
    expect(check("1211 AB", 251)).toEqual({
      kind: "ineligible",
      reasons: ["too-large"],
      cbsCode: "GM0402",
    });
  });

  it("one person is a sole trader, whatever the legal form", () => {
    expect(check("1211 AB", 1)).toEqual({
      kind: "ineligible",
      reasons: ["sole-trader"],
      cbsCode: "GM0402",
    });
  });

  it("an eenmanszaak is a sole trader, however KvK writes it", () => {
    for (const form of ["Eenmanszaak", "eenmanszaak", "Eenmanszaak met meer dan één eigenaar"]) {
      expect(check("1211 AB", 5, form), form).toEqual({
        kind: "ineligible",
        reasons: ["sole-trader"],
        cbsCode: "GM0402",
      });
    }
    expect(isSoleTraderForm("VennootschapOnderFirma")).toBe(false);
    expect(isSoleTraderForm(null)).toBe(false);
  });

  it("fewer than the minimum (when the region sets one above 2) is too small", () => {
    const r = assessEligibility(
      { postcode: "1211 AB", employees: 3 },
      { ...rules, companySize: { min: 5, max: 250 } },
    );
    expect(r).toEqual({ kind: "ineligible", reasons: ["too-small"], cbsCode: "GM0402" });
  });

  it("a postcode outside the region (Amersfoort) or unknown is not eligible", () => {
    expect(check("3821 AB", 80)).toEqual({
      kind: "ineligible",
      reasons: ["outside-region"],
      cbsCode: null,
    });
    expect(check("12", 80)).toEqual({
      kind: "ineligible",
      reasons: ["invalid-postcode"],
      cbsCode: null,
    });
  });

  it("gives every reason at once: outside the region and too large", () => {
    expect(check("3821 AB", 400)).toEqual({
      kind: "ineligible",
      reasons: ["outside-region", "too-large"],
      cbsCode: null,
    });
  });

  it("1216 spans Hilversum and Wijdemeren: ambiguous, left to a coordinator", () => {
    const r = check("1216 AA", 9);
    expect(r.kind).toBe("ambiguous");
    expect(r.kind === "ambiguous" && [...r.cbsCodes].sort()).toEqual(["GM0402", "GM1696"]);
  });

  it("an ambiguous postcode with another reason is simply not eligible", () => {
    expect(check("1216 AA", 400)).toEqual({
      kind: "ineligible",
      reasons: ["too-large"],
      cbsCode: null,
    });
  });

  it("after Wijdemeren merged into Hilversum, 1216 is plain Hilversum", () => {
    expect(
      assessEligibility({ postcode: "1216 AA", employees: 9 }, { ...rules, on: AFTER_MERGER }),
    ).toEqual({ kind: "eligible", cbsCode: "GM0402" });
  });

  it("a partner municipality in the region list (Eemnes) counts as in the region", () => {
    expect(check("3755 AA", 10)).toEqual({ kind: "eligible", cbsCode: "GM0317" });
  });
});
