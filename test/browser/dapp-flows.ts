/**
 * What dApp users take for granted (issue 14), run by flows.test.ts on its stack (one stack
 * for every browser flow): transaction toasts with explorer links, a fan funding another
 * streamer's pool, the installable PWA whose service worker never serves the live stream, the
 * 390 px phone layout, the message on browsers without MSE, the operator page's withheld bytes
 * and their reasons, and the JavaScript budget.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { test } from "node:test";
import type { Browser, Locator, Page, Response } from "playwright-core";
import { parseUnits, type Address } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  createCoordinatorClient,
  postReceipts,
  signIn,
  type ChainClients,
} from "@streamrp2p/client";
import { createSessionKey, signReceipt } from "@streamrp2p/protocol/receipt";
import { DEV_ROLES, devAccount } from "../../scripts/lib/dev-accounts.ts";
import { TOKEN_DECIMALS, type Stack } from "../../scripts/lib/stack.ts";
import { openPage, screenshot, type TestPage } from "./support/browser.ts";
import { readPool } from "./support/chain-reads.ts";
import type { TestWallet } from "./support/test-wallet.ts";

/** The block explorer the stack's web build links to (VITE_EXPLORER_URL; never visited). */
export const EXPLORER_URL = "http://127.0.0.1:5100";
/** First load of the home page: gzip JavaScript at most this (a Lighthouse-style budget). */
const HOME_JS_BUDGET = 200 * 1024;
const PHONE = { width: 390, height: 844 };
/** Measured by the 390 px test, checked against the budget by its own test. */
let homeGzipBytes: number | undefined;

export interface DappFlowContext {
  stack(): Stack;
  browser(): Browser;
  reader(): ChainClients;
  connectedPage(
    index: number,
    route: string,
  ): Promise<{ tp: TestPage; page: Page; wallet: TestWallet }>;
  waitForText(
    locator: Locator,
    check: (text: string) => boolean,
    what: string,
    tp: TestPage,
    timeoutMs?: number,
  ): Promise<string>;
}

/** Records every state the toasts go through (one line per change: "kind:title|kind:title"). */
async function recordToasts(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const log: string[] = [];
    const snapshot = () => {
      const line = Array.from(document.querySelectorAll<HTMLElement>("[data-testid=toast]"))
        .map((t) => `${t.dataset["kind"]}:${t.querySelector("strong")?.textContent ?? ""}`)
        .join("|");
      if (line !== "" && line !== log.at(-1)) log.push(line);
    };
    new MutationObserver(snapshot).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ["data-kind"],
    });
    Object.assign(window, { toastLog: log });
  });
  return () => page.evaluate(() => (window as unknown as { toastLog: string[] }).toastLog);
}

async function setPaused(reader: ChainClients, paused: boolean): Promise<void> {
  const { address, abi } = reader.deployment.contracts.RewardPools;
  const hash = await reader.wallet.writeContract({
    address,
    abi,
    functionName: paused ? "pause" : "unpause",
    account: reader.account,
    chain: reader.wallet.chain,
  });
  await reader.public.waitForTransactionReceipt({ hash });
}

export function dappFlows(ctx: DappFlowContext): void {
  test(
    "dApp: a fan funds another streamer's pool from the watch page; toasts go submitted -> confirmed with an explorer link, a reverted tx toasts the decoded error, the streamer sees who funded",
    { timeout: 120_000 },
    async () => {
      const stack = ctx.stack();
      const reader = ctx.reader();
      const poolId = stack.poolId;
      const fan = devAccount(DEV_ROLES.supporter).address.toLowerCase() as Address;
      assert.notEqual((await readPool(reader, poolId)).owner.toLowerCase(), fan);
      const { tp, page } = await ctx.connectedPage(
        DEV_ROLES.supporter,
        `#/watch/${stack.streamId}`,
      );
      const card = page.getByTestId("support-stream").getByTestId(`pool-${poolId}`);
      await card.getByTestId("fund-input").waitFor({ timeout: 30_000 });
      const toasts = await recordToasts(page);
      const before = (await readPool(reader, poolId)).balance;

      await card.getByTestId("fund-input").fill("5");
      await card.getByTestId("fund-button").click();
      await ctx.waitForText(
        page.locator("[data-testid=toast][data-kind=confirmed]"),
        (t) => t.includes("confirmed"),
        "the confirmed toast",
        tp,
        60_000,
      );
      const sequence = await toasts();
      const submittedAt = sequence.findIndex((line) => line.includes("submitted:"));
      const confirmedAt = sequence.findIndex((line) => line.includes("confirmed:"));
      assert.ok(
        submittedAt >= 0 && confirmedAt > submittedAt,
        `submitted, then confirmed: ${JSON.stringify(sequence)}`,
      );
      const link = page.locator(
        "[data-testid=toast][data-kind=confirmed] [data-testid=explorer-link]",
      );
      const href = await link.first().getAttribute("href");
      assert.match(href ?? "", new RegExp(`^${EXPLORER_URL}/tx/0x[0-9a-f]{64}$`), "explorer link");
      const receipt = await reader.public.getTransactionReceipt({
        hash: href!.split("/tx/")[1] as `0x${string}`,
      });
      assert.equal(receipt.status, "success", "the linked transaction is the mined one");
      assert.equal(
        (await readPool(reader, poolId)).balance,
        before + parseUnits("5", TOKEN_DECIMALS),
        "the pool holds the fan's 5 tUSD",
      );
      await ctx.waitForText(
        card.getByTestId("my-contribution"),
        (t) => /Your contribution:\s*[1-9]/.test(t),
        "the fan's contribution",
        tp,
      );
      await screenshot(page, "fan-funded");

      // A reverted transaction: the hub is paused, so fundWithPermit reverts EnforcedPause().
      await setPaused(reader, true);
      try {
        await card.getByTestId("fund-input").fill("1");
        await card.getByTestId("fund-button").click();
        const failed = await ctx.waitForText(
          page.locator("[data-testid=toast][data-kind=failed]"),
          (t) => t.length > 0,
          "the failed toast",
          tp,
          60_000,
        );
        assert.match(failed, /Transaction failed.*Enforced pause/s, failed);
        await screenshot(page, "toast-reverted");
      } finally {
        await setPaused(reader, false);
      }
      await tp.context.close();

      // The streamer (the pool's owner) sees who funded it, the fan among them.
      const streamer = await ctx.connectedPage(DEV_ROLES.streamer, "#/streamer");
      const amount = streamer.page
        .getByTestId(`pool-${poolId}`)
        .getByTestId(`pool-funder-${fan}`)
        .locator("td.num");
      await ctx.waitForText(
        amount,
        (t) => /^5 tUSD$/.test(t.trim()),
        "the fan in the pool's funders",
        streamer.tp,
      );
      await streamer.tp.context.close();
    },
  );

  test(
    "dApp: at 390 px the home page fits, loads without the watch chunk, installs as a PWA, and the service worker never serves the live stream",
    { timeout: 120_000 },
    async () => {
      const stack = ctx.stack();
      const web = new URL(stack.urls.web!).origin;
      const tp = await openPage(ctx.browser(), { viewport: PHONE });
      const { page } = tp;
      const scripts = new Set<string>();
      const liveResponses: Response[] = [];
      page.on("response", (response) => {
        const url = new URL(response.url());
        if (url.origin === web && url.pathname.endsWith(".js")) scripts.add(url.pathname);
        if (url.pathname.includes("/streams/")) liveResponses.push(response);
      });

      await page.goto(`${stack.urls.web}/`);
      await page.getByTestId("streams-table").waitFor({ timeout: 30_000 });
      await page.waitForLoadState("networkidle");
      const homeScripts = [...scripts];
      assert.ok(
        !homeScripts.some((p) => /WatchPage/.test(p)),
        `the watch chunk is not loaded on the home page: ${homeScripts.join(", ")}`,
      );
      let gzipBytes = 0;
      for (const p of homeScripts) {
        const body = Buffer.from(await (await fetch(`${web}${p}`)).arrayBuffer());
        gzipBytes += gzipSync(body).length;
      }
      homeGzipBytes = gzipBytes;
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      const wide = await page.evaluate(
        (limit) =>
          Array.from(document.querySelectorAll("body *"))
            .filter((e) => e.getBoundingClientRect().right > limit)
            .slice(0, 5)
            .map(
              (e) =>
                `${e.tagName.toLowerCase()}.${e.className}[${e.getAttribute("data-testid") ?? ""}]`,
            ),
        PHONE.width,
      );
      assert.ok(
        width <= PHONE.width,
        `no sideways scrolling at 390 px (${width}): ${wide.join(", ")}`,
      );
      await screenshot(page, "phone-home");

      // Installable: the manifest names the app and its icons load.
      const manifestHref = await page.locator("link[rel=manifest]").getAttribute("href");
      const manifest = (await (await fetch(new URL(manifestHref!, web))).json()) as {
        name: string;
        display: string;
        icons: { src: string; sizes: string; type: string }[];
      };
      assert.equal(manifest.name, "StreamrP2P");
      assert.equal(manifest.display, "standalone");
      for (const size of ["192x192", "512x512"]) {
        const icon = manifest.icons.find((i) => i.sizes === size && i.type === "image/png");
        assert.ok(icon, `a ${size} PNG icon`);
        const res = await fetch(new URL(icon.src, web));
        assert.equal(res.headers.get("content-type"), "image/png");
      }
      // The service worker registers and takes control of the page.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
        timeout: 30_000,
      });

      // Watching under the service worker: the watch chunk loads now, and every playlist and
      // segment comes from the network, none from the service worker or its cache.
      await page.goto(`${stack.urls.web}/#/watch/${stack.streamId}`);
      await ctx.waitForText(
        page.getByTestId("verified-segments"),
        (t) => Number(t) >= 2,
        "verified segments under the service worker",
        tp,
        60_000,
      );
      assert.ok(
        [...scripts].some((p) => /WatchPage/.test(p)),
        "the watch chunk loads on the watch route",
      );
      assert.ok(liveResponses.length > 0, "the stream was fetched");
      const fromWorker = liveResponses.filter((r) => r.fromServiceWorker()).map((r) => r.url());
      assert.deepEqual(fromWorker, [], "no playlist or segment came from the service worker");
      const cached = await page.evaluate(async () => {
        const urls: string[] = [];
        for (const name of await caches.keys()) {
          for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
        }
        return urls;
      });
      assert.ok(cached.length > 0, "the app shell is cached");
      const notShell = cached.filter(
        (u) => new URL(u).origin !== web || /\.(m3u8|ts|m4s)$|\/v1\//.test(new URL(u).pathname),
      );
      assert.deepEqual(notShell, [], "the cache holds the app shell only");
      const watchWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(watchWidth <= PHONE.width, `the watch page fits 390 px (${watchWidth})`);
      await screenshot(page, "phone-watch");
      await tp.context.close();
    },
  );

  test(
    "dApp: a browser without Media Source Extensions gets a clear message instead of a black player",
    { timeout: 60_000 },
    async () => {
      const stack = ctx.stack();
      const tp = await openPage(ctx.browser(), { viewport: PHONE });
      await tp.page.addInitScript(() => {
        for (const name of ["MediaSource", "ManagedMediaSource", "WebKitMediaSource"]) {
          Object.defineProperty(window, name, { value: undefined, configurable: true });
        }
      });
      await tp.page.goto(`${stack.urls.web}/#/watch/${stack.streamId}`);
      await ctx.waitForText(
        tp.page.getByTestId("player-unsupported"),
        (t) => t.includes("iOS 17.1"),
        "the no-MSE message",
        tp,
      );
      assert.equal(await tp.page.getByTestId("player-video").count(), 0, "no black player");
      await screenshot(tp.page, "phone-no-mse");
      await tp.context.close();
    },
  );

  test(
    "dApp: the operator page shows withheld bytes and, in words, why they were withheld",
    { timeout: 120_000 },
    async () => {
      const stack = ctx.stack();
      // Relay key 0 uploads receipts for a session nobody opened, once a second (so every
      // epoch that closes meanwhile holds some): the coordinator rejects them as unknown-session.
      const relayKey = privateKeyToAccount(stack.secrets.relayKeys[0]);
      let token = "";
      const coordinator = createCoordinatorClient({
        baseUrl: stack.urls.coordinator,
        token: () => token,
      });
      ({ token } = await signIn(coordinator, {
        account: relayKey,
        chainId: stack.chain.chainId,
        issuedAt: new Date(),
      }));
      const sessionKey = await createSessionKey();
      let uploading = true;
      const uploads = (async () => {
        for (let bytes = 1_000_000; uploading; bytes += 1_000_000) {
          const receipt = {
            sessionId: randomBytes(16).toString("hex"),
            relay: relayKey.address.toLowerCase() as Address,
            streamId: stack.streamId,
            bytes,
            segments: 1,
            lastSequence: 0,
            timestamp: Date.now(),
          };
          const signature = await signReceipt(sessionKey.keyPair.privateKey, receipt);
          await postReceipts(coordinator, { receipts: [{ ...receipt, signature }] });
          await new Promise((r) => setTimeout(r, 1000));
        }
      })();
      try {
        const { tp, page } = await ctx.connectedPage(DEV_ROLES.operators[0], "#/operator");
        const reason = await ctx.waitForText(
          page.getByTestId("withheld-reason").filter({ hasText: "unknown-session" }).first(),
          (t) => t.includes("withheld"),
          "the unknown-session reason on the operator page",
          tp,
          60_000,
        );
        assert.match(reason, /withheld: no session with this id exists/, reason);
        const row = page.getByTestId("relay-report").filter({ hasText: "unknown-session" }).first();
        const withheld = (await row.getByTestId("withheld-bytes").textContent()) ?? "";
        assert.notEqual(withheld.trim(), "0 B", `withheld bytes shown: ${withheld}`);
        await screenshot(page, "operator-withheld-reasons");
        await tp.context.close();
      } finally {
        uploading = false;
        await uploads;
      }
    },
  );

  test(
    "dApp: the home page's first load stays under 200 KB of gzip JavaScript",
    // ~163 KB measured: react-dom, wagmi + the viem it runs, TanStack Query, zod. The wallet
    // SDKs and ENS look-ups are lazy chunks with their own viem copy (web/vite.config.ts).
    (t) => {
      assert.ok(homeGzipBytes !== undefined, "measured by the 390 px test");
      t.diagnostic(`home page JS: ${homeGzipBytes} gzip bytes (budget ${HOME_JS_BUDGET})`);
      assert.ok(
        homeGzipBytes < HOME_JS_BUDGET,
        `home page JS: ${homeGzipBytes} gzip bytes (budget ${HOME_JS_BUDGET})`,
      );
    },
  );
}
