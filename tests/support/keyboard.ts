/**
 * Using a page with the keyboard only, as a person without a mouse does: Tab and Shift+Tab to
 * move, arrow keys inside a radio group, Space to tick, Enter to press a button. The helpers
 * read where the focus is (the DOM may be read freely) but never click or fill.
 */
import type { Page } from "playwright-core";

export interface Focused {
  tag: string;
  type: string;
  name: string;
  value: string;
  /** The element's text, whitespace collapsed. */
  text: string;
  ariaLabel: string;
  checked: boolean;
  href: string;
}

/** What has the keyboard focus now. */
export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const e = document.activeElement as HTMLInputElement | null;
    return {
      tag: e?.tagName.toLowerCase() ?? "",
      type: e?.getAttribute("type") ?? "",
      name: e?.getAttribute("name") ?? "",
      value: e?.getAttribute("value") ?? "",
      text: (e?.textContent ?? "").replace(/\s+/g, " ").trim(),
      ariaLabel: e?.getAttribute("aria-label") ?? "",
      checked: e?.checked === true,
      href: e?.getAttribute("href") ?? "",
    };
  });
}

const describe = (f: Focused) =>
  `${f.tag}${f.type ? `[${f.type}]` : ""}${f.name ? ` ${f.name}=${f.value}` : ""}${f.text ? ` "${f.text.slice(0, 30)}"` : ""}`;

/**
 * Press Tab (or Shift+Tab with `back`) until the focused element matches. Fails, naming the
 * stops on the way, when it is not reached within `max` presses.
 */
export async function tabTo(
  page: Page,
  match: (f: Focused) => boolean,
  {
    back = false,
    max = 80,
    what = "the element",
  }: { back?: boolean; max?: number; what?: string } = {},
): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    if (match(f)) return f;
    seen.push(describe(f));
  }
  throw new Error(
    `${what} was not reached with ${max} presses of ${back ? "Shift+Tab" : "Tab"}; the focus went: ${seen.join(" → ")}`,
  );
}

/** Tab to a button (or link) by its text and press Enter. */
export async function pressButton(
  page: Page,
  text: string,
  options: { back?: boolean; tag?: "button" | "a" } = {},
): Promise<void> {
  const tag = options.tag ?? "button";
  await tabTo(page, (f) => f.tag === tag && (f.text === text || f.ariaLabel === text), {
    back: options.back,
    what: `the ${tag} "${text}"`,
  });
  await page.keyboard.press("Enter");
}

/**
 * The focus is in the radio group `name`: choose the option at `index` with the arrow keys
 * (which move and check at once), or Space when the focus is on it already.
 */
export async function chooseRadio(page: Page, name: string, index: number): Promise<void> {
  const at = await page.evaluate((n) => {
    const radios = Array.from(
      document.querySelectorAll<HTMLInputElement>(`input[type=radio][name="${CSS.escape(n)}"]`),
    );
    return radios.indexOf(document.activeElement as HTMLInputElement);
  }, name);
  if (at < 0) throw new Error(`the focus is not in the radio group ${name}`);
  if (index === at) await page.keyboard.press("Space");
  for (let i = at; i < index; i++) await page.keyboard.press("ArrowDown");
  for (let i = at; i > index; i--) await page.keyboard.press("ArrowUp");
}

/** The focus is on a checkbox: make it ticked or not with Space. */
export async function setCheckbox(page: Page, ticked: boolean): Promise<void> {
  const f = await focused(page);
  if (f.type !== "checkbox") throw new Error(`the focus is not on a checkbox: ${describe(f)}`);
  if (f.checked !== ticked) await page.keyboard.press("Space");
}
