import { expect, it } from "vitest";
import { checkPage, describeBrowser, forgiveStatusErrors, visit } from "../support/browser";

describeBrowser("public pages", (get) => {
  const pages = ["/", "/toegankelijkheid", "/privacy", "/contact", "/hulp"];

  it("shows every public page in Dutch without axe violations, then in English after the switch", async () => {
    const f = get();
    const page = await f.newPage();
    for (const p of pages) await visit(page, f, p);

    await visit(page, f, "/privacy");
    expect(await page.getAttribute("html", "lang")).toBe("nl");
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.waitForFunction(() => document.documentElement.lang === "en");
    expect(page.url()).toBe(`${f.server.url}/privacy`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Privacy statement");
    await checkPage(page, f);
    for (const p of pages) await visit(page, f, p);

    await page.getByRole("button", { name: "Schakel naar Nederlands" }).click();
    await page.waitForFunction(() => document.documentElement.lang === "nl");
    expect(page.url()).toBe(`${f.server.url}/hulp`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Hulp en regelingen");
  });

  it("answers an unknown address with a 404 page in the site's style, in both languages", async () => {
    const f = get();
    const page = await f.newPage();
    await visit(page, f, "/bestaat-niet/echt-niet", 404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "Deze pagina bestaat niet",
    );
    expect(
      await page.getByRole("contentinfo").getByRole("link", { name: "Toegankelijkheid" }).count(),
    ).toBe(1);
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.waitForFunction(() => document.documentElement.lang === "en");
    expect(page.url()).toBe(`${f.server.url}/bestaat-niet/echt-niet`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(
      "This page does not exist",
    );
    forgiveStatusErrors(f, 404);
    await checkPage(page, f);
  });

  it("works with the keyboard: the skip link is the first stop and moves focus to the content", async () => {
    const f = get();
    const page = await f.newPage();
    await visit(page, f, "/");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe("Ga direct naar de inhoud");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
  });

  it("fits a 320 px wide screen without horizontal scrolling, and works without JavaScript", async () => {
    const f = get();
    const page = await f.newPage({
      javaScriptEnabled: false,
      viewport: { width: 320, height: 640 },
    });
    for (const p of pages) {
      await visit(page, f, p);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow, `horizontal overflow on ${p}`).toBeLessThanOrEqual(0);
    }
    // The language switch is a plain form: it works without JavaScript too.
    await visit(page, f, "/contact");
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.waitForURL("**/contact");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.screenshot({ path: "test-results/home-320.png" }).catch(() => {});
  });

  it("filters help and schemes by topic with a plain GET form", async () => {
    const f = get();
    const page = await f.newPage();
    await visit(page, f, "/hulp");
    const all = await page.getByRole("article").count();
    await page.getByLabel("Onderwerp").selectOption("cybersecurity");
    await page.getByRole("button", { name: "Toon" }).click();
    await page.waitForURL("**/hulp?onderwerp=cybersecurity");
    await page
      .getByRole("status")
      .filter({ hasNotText: String(all) })
      .waitFor();
    const some = await page.getByRole("article").count();
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(all);
    await checkPage(page, f);
  });
});
