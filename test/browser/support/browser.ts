/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser): headless, a fresh
 * profile per launch, no network beyond what the page asks of 127.0.0.1. Each page's console
 * errors and failed requests are kept, for failure messages.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { REPO_ROOT } from "../../../scripts/lib/chain.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT_DIR = path.join(REPO_ROOT, "test-results/screenshots");

/**
 * Launches Chromium; playwright gives every launch a new temporary user-data-dir. With `proxy`,
 * every request (loopback included) goes through that HTTP proxy.
 */
export function launchChromium({ proxy }: { proxy?: string } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    ...(proxy ? { proxy: { server: proxy } } : {}),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and failed requests so far, one per line. */
  problems(): string;
}

/** A fresh context (no storage shared with other tests) and one page in it (a desktop window unless `viewport`). */
export async function openPage(
  browser: Browser,
  {
    viewport = { width: 1280, height: 900 },
  }: { viewport?: { width: number; height: number } } = {},
): Promise<TestPage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`),
  );
  return { context, page, problems: () => problems.slice(-30).join("\n") };
}

/** Saves a full-page screenshot to test-results/screenshots/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // From the top, so the sticky header is not painted over the middle of the page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
