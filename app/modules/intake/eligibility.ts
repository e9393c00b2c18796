/**
 * Who SPOT 035 is for (PRODUCT.md): small and medium-sized companies (MKB) with 2–250 people
 * (the region's `companySize`), not sole traders, in one of the region's municipalities.
 *
 * Pure: the postcode lookup and the size range are given. A four-digit postcode that spans two
 * municipalities (1216: Hilversum and Wijdemeren) is never guessed: the answer is "ambiguous"
 * and a coordinator decides.
 */
import type { PostcodeLookup } from "~/modules/reference/reference.server";

export const ELIGIBILITY_REASONS = [
  "outside-region",
  "invalid-postcode",
  "sole-trader",
  "too-small",
  "too-large",
] as const;
export type EligibilityReason = (typeof ELIGIBILITY_REASONS)[number];

export interface EligibilityFacts {
  postcode: string;
  /** Everyone who works in the company, owners included. */
  employees: number;
  /** KvK legal form ("Eenmanszaak", "BeslotenVennootschap", …), when known. */
  legalForm?: string | null;
}

export interface EligibilityRules {
  lookupPostcode(postcode: string, on?: Date): PostcodeLookup;
  companySize: { min: number; max: number };
  /** The day that counts for municipal borders (mergers); default now. */
  on?: Date;
}

export type Eligibility =
  | { kind: "eligible"; cbsCode: string }
  | { kind: "ineligible"; reasons: EligibilityReason[]; cbsCode: string | null }
  | { kind: "ambiguous"; cbsCodes: string[] };

/** An eenmanszaak (also "Eenmanszaak met meer dan één eigenaar"), however it is written. */
export function isSoleTraderForm(legalForm: string | null | undefined): boolean {
  return (legalForm ?? "")
    .toLowerCase()
    .replace(/[^a-z]/g, "")
    .startsWith("eenmanszaak");
}

export function assessEligibility(facts: EligibilityFacts, rules: EligibilityRules): Eligibility {
  const reasons: EligibilityReason[] = [];
  const place = rules.lookupPostcode(facts.postcode, rules.on);
  if (place.kind === "outside") reasons.push("outside-region");
  if (place.kind === "invalid") reasons.push("invalid-postcode");

  // One person working alone is a sole trader whatever the legal form.
  if (isSoleTraderForm(facts.legalForm) || facts.employees <= 1) reasons.push("sole-trader");
  else if (facts.employees < rules.companySize.min) reasons.push("too-small");
  if (facts.employees > rules.companySize.max) reasons.push("too-large");

  const cbsCode = place.kind === "inside" ? place.cbsCode : null;
  if (reasons.length > 0) return { kind: "ineligible", reasons, cbsCode };
  if (place.kind === "ambiguous") return { kind: "ambiguous", cbsCodes: place.cbsCodes };
  return { kind: "eligible", cbsCode: cbsCode! };
}
