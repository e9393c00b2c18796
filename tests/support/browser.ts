/**
 * Browser tests: Playwright (playwright-core) driving Debian's /usr/bin/chromium (never a
 * downloaded browser). Every page a test visits is checked with axe-core for WCAG 2.1 A/AA;
 * any violation, console error (CSP violations included) or page error fails the test.
 * Screenshots of failures go to test-results/.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed } from "vitest";
import { startServer, type TestServer } from "./server";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const REQUIRE_BROWSER = process.env.REQUIRE_BROWSER === "1";
export const browserAvailable = existsSync(CHROMIUM);

if (!browserAvailable) {
  const msg = `\n!!! Chromium not found at ${CHROMIUM}: browser tests are SKIPPED. Install Debian's chromium (apt-get install chromium). Set REQUIRE_BROWSER=1 to make this a failure.\n`;
  if (REQUIRE_BROWSER) throw new Error(msg);
  console.warn(msg);
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const noScriptPages = new WeakSet<Page>();

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Run axe-core (WCAG 2.0/2.1 A and AA) on the page; returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // evaluate() is not subject to the page's CSP, unlike an injected <script>.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is a global injected above
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v: AxeViolation) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  const summary = violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`,
    )
    .join("\n");
  expect(violations, `axe violations on ${page.url()}:\n${summary}`).toEqual([]);
}

export interface BrowserFixture {
  server: TestServer;
  browser: Browser;
  /** A new context (fresh cookies) whose pages are watched for errors and axe-checked on load. */
  newPage(options?: {
    javaScriptEnabled?: boolean;
    viewport?: { width: number; height: number };
  }): Promise<Page>;
  /** Errors seen in the browser (console errors, page errors, CSP reports). */
  errors: string[];
}

/**
 * A browser-test file: starts the server and Chromium once for the file. Every page opened
 * through `newPage` is axe-checked after each navigation (`visit`) and watched for errors.
 */
export function describeBrowser(
  name: string,
  fn: (get: () => BrowserFixture) => void,
  env: Record<string, string> = {},
) {
  (browserAvailable ? describe : describe.skip)(name, () => {
    let fixture: BrowserFixture | undefined;
    const contexts: BrowserContext[] = [];
    beforeAll(async () => {
      const server = await startServer(env);
      const browser = await launchBrowser();
      const errors: string[] = [];
      fixture = {
        server,
        browser,
        errors,
        async newPage(options = {}) {
          const context = await browser.newContext({
            baseURL: server.url,
            locale: "nl-NL",
            javaScriptEnabled: options.javaScriptEnabled ?? true,
            viewport: options.viewport ?? { width: 1280, height: 900 },
          });
          contexts.push(context);
          errors.length = 0;
          const page = await context.newPage();
          if (options.javaScriptEnabled === false) noScriptPages.add(page);
          page.on("console", (msg) => {
            if (msg.type() !== "error") return;
            // Forms validate on the server only (docs/decisions/011): a form sent with errors
            // is answered 400 with the field messages, which Chromium logs for the action's
            // data request (`….data`). That is the expected answer, not a browser error.
            if (isFormErrorReply(msg.text(), msg.location().url)) return;
            errors.push(`console: ${msg.text()}`);
          });
          page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
          onTestFailed(async () => {
            try {
              const dir = path.resolve("test-results");
              mkdirSync(dir, { recursive: true });
              const file = path.join(dir, `${name.replace(/\W+/g, "-")}-${Date.now()}.png`);
              await page.screenshot({ path: file, fullPage: true });
              console.warn(`screenshot of the failure: ${file}`);
            } catch {
              // the page may be gone already
            }
          });
          return page;
        },
      };
    });
    afterAll(async () => {
      for (const c of contexts) await c.close().catch(() => {});
      await fixture?.browser.close();
      await fixture?.server.stop();
    });
    fn(() => {
      if (!fixture) throw new Error("browser fixture not ready");
      return fixture;
    });
  });
}

/**
 * A 400 answer to a form submitted with JavaScript (React Router's `….data` request), or to a
 * scan answer's autosave (`/scan/:id/antwoord`, docs/decisions/013): the answer's message.
 */
function isFormErrorReply(text: string, url: string): boolean {
  const path = new URL(url, "http://x").pathname;
  return (
    text.includes("Failed to load resource") &&
    text.includes("status of 400") &&
    (path.endsWith(".data") || /^\/scan\/[^/]+\/antwoord$/.test(path))
  );
}

/** Chromium logs an expected error status of a page (or its data request) as a console error. */
export function forgiveStatusErrors(fixture: BrowserFixture, status: number): void {
  const expected = `status of ${status}`;
  for (let i = fixture.errors.length - 1; i >= 0; i--) {
    if (
      fixture.errors[i]!.includes("Failed to load resource") &&
      fixture.errors[i]!.includes(expected)
    ) {
      fixture.errors.splice(i, 1);
    }
  }
}

/** Go to a path, check the status, run axe and assert no browser errors so far. */
export async function visit(
  page: Page,
  fixture: BrowserFixture,
  pathname: string,
  expectedStatus = 200,
): Promise<void> {
  const response = await page.goto(pathname, { waitUntil: "load" });
  expect(response?.status(), `status of ${pathname}`).toBe(expectedStatus);
  if (expectedStatus >= 400) forgiveStatusErrors(fixture, expectedStatus);
  await checkPage(page, fixture);
}

/** axe + no browser errors, for the page as it is now (after a click or a form post). */
export async function checkPage(page: Page, fixture: BrowserFixture): Promise<void> {
  // axe needs JavaScript: pages in a JavaScript-off context are the same server HTML that the
  // JavaScript-on tests check, so they are checked there.
  if (!noScriptPages.has(page)) await expectNoAxeViolations(page);
  expect(fixture.errors, "errors in the browser").toEqual([]);
}
