import { describe, expect, it } from "vitest";
import { safeReturnTo } from "~/i18n/lang.server";

describe("safeReturnTo (where a form may send you back to)", () => {
  it("keeps local paths with their query and fragment", () => {
    expect(safeReturnTo("/mijn")).toBe("/mijn");
    expect(safeReturnTo("/scan/abc/resultaat?x=1#top")).toBe("/scan/abc/resultaat?x=1#top");
  });

  it("refuses anything that a browser would take to another site", () => {
    for (const bad of [
      "//evil.example",
      "/.//evil.example",
      "/%2e//evil.example",
      "/a/..//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "https://evil.example",
      "evil.example",
      "",
    ]) {
      expect(safeReturnTo(bad, "/mijn"), JSON.stringify(bad)).toBe("/mijn");
    }
  });

  it("refuses values that could not go into a Location header, and non-strings", () => {
    expect(safeReturnTo("/a\u0000b", "/")).toBe("/");
    expect(safeReturnTo(`/${"a".repeat(3000)}`, "/")).toBe("/");
    expect(safeReturnTo(["/mijn"], "/")).toBe("/");
    expect(safeReturnTo(null, "/x")).toBe("/x");
  });
});
