/**
 * The web app's main flows in real Chromium (Debian's, via playwright-core) against the real
 * local stack (scripts/lib/stack.ts: Redis, a local chain with the contracts, coordinator,
 * origin, two relays, an ffmpeg stream, the built web app served by vite preview). The wallet
 * is a real EIP-1193 provider injected into the page and backed in Node by the chain's dev
 * accounts (support/test-wallet.ts); the browser reaches the stack from another loopback
 * address, as a remote viewer (support/viewer-network.ts). Each flow checks what a user sees
 * and what the chain or the services say, and saves a screenshot to
 * test-results/screenshots/<name>.png. The stack's logs: .run/browser-tests/*.log.
 *
 *   node --test test/browser/flows.test.ts      (or: bash scripts/test.sh browser)
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import { formatUnits, parseUnits, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  readOperatorOf,
  readStreamRegistration,
  signRelayKeyAuthorization,
  type ChainClients,
} from "@streamrp2p/client";
import { REPO_ROOT } from "../../scripts/lib/chain.ts";
import { DEV_ROLES, devAccount } from "../../scripts/lib/dev-accounts.ts";
import { waitUntil } from "../../scripts/lib/service.ts";
import { startStack, TOKEN_DECIMALS, type Stack } from "../../scripts/lib/stack.ts";
import { dappFlows, EXPLORER_URL } from "./dapp-flows.ts";
import { launchChromium, openPage, screenshot, type TestPage } from "./support/browser.ts";
import {
  bondedStake,
  claimedAmount,
  poolCount,
  readPool,
  tokenBalance,
} from "./support/chain-reads.ts";
import { installTestWallet, type TestWallet } from "./support/test-wallet.ts";
import { startViewerNetwork, type ViewerNetwork } from "./support/viewer-network.ts";

const EPOCH_SECONDS = 6;
const SYMBOL = "tUSD";

let stack: Stack;
let browser: Browser;
let reader: ChainClients;
let network: ViewerNetwork;
/** A tab that keeps watching the stream (the audience whose receipts pay the relays). */
let audience: TestPage | undefined;

before(
  async () => {
    stack = await startStack({
      // No simulated viewers: every receipt the coordinator credits comes from this browser.
      viewers: 0,
      epochSeconds: EPOCH_SECONDS,
      testStream: true,
      web: "preview",
      logDir: path.join(REPO_ROOT, ".run/browser-tests"),
      // The browser views from 127.0.0.2 (support/viewer-network.ts), as a remote viewer, so
      // the one-machine exemption from the self-dealing check is not needed. Every page polls
      // the coordinator from the same address, hence the higher rate limit.
      coordinatorEnv: {
        ALLOW_LOOPBACK_VIEWERS: "false",
        RATE_LIMIT_MAX: "100000",
        MAX_SESSIONS_PER_ADDRESS: "100",
      },
      // Transaction hashes and addresses link to an explorer, as on a public testnet.
      webEnv: { VITE_EXPLORER_URL: EXPLORER_URL },
    });
    reader = stack.deployer;
    network = await startViewerNetwork();
    browser = await launchChromium({ proxy: network.server });
  },
  { timeout: 240_000 },
);

after(async () => {
  try {
    await browser?.close();
  } finally {
    await network?.stop();
    await stack?.stop();
  }
});

/** A token amount as the app's <Amount> tooltip writes it: every decimal, thousands grouped. */
function exactAmount(value: bigint): string {
  const [integer = "0", fraction = ""] = formatUnits(value, TOKEN_DECIMALS).split(".");
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${grouped}${fraction ? `.${fraction}` : ""} ${SYMBOL}`;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Waits until `locator`'s text passes `check`; fails with the last text and the page's problems. */
async function waitForText(
  locator: Locator,
  check: (text: string) => boolean,
  what: string,
  tp: TestPage,
  timeoutMs = 30_000,
): Promise<string> {
  let last = "";
  try {
    await waitUntil(
      what,
      async () => {
        last = (await locator.first().textContent({ timeout: 1_000 })) ?? "";
        return check(last);
      },
      { timeoutMs, intervalMs: 250 },
    );
  } catch {
    await screenshot(tp.page, `failed-${what.replace(/\W+/g, "-")}`).catch(() => undefined);
    assert.fail(`${what}: last text ${JSON.stringify(last)}\n${tp.problems()}`);
  }
  return last;
}

/** The title (full value) of the first element with one inside `locator`. */
async function titleIn(locator: Locator): Promise<string | null> {
  return locator.locator("[title]").first().getAttribute("title", { timeout: 1_000 });
}

/** A fresh page with the test wallet of dev account `index`, at `route`, connected. */
async function connectedPage(
  index: number,
  route: string,
): Promise<{ tp: TestPage; page: Page; wallet: TestWallet }> {
  const tp = await openPage(browser);
  const wallet = await installTestWallet(tp.page, {
    rpcUrl: stack.urls.chain,
    chainId: stack.chain.chainId,
    account: devAccount(index),
  });
  await tp.page.goto(`${stack.urls.web}/${route}`);
  await tp.page.getByTestId("gate-connect-button").click({ timeout: 30_000 });
  // the menu lists the test wallet (EIP-6963, by its rdns) beside Base Account and MetaMask
  await tp.page.getByTestId("connector-dev.streamrp2p.testwallet").click({ timeout: 30_000 });
  await waitForText(
    tp.page.getByTestId("connected-address").locator("[title]"),
    () => true,
    "the connected address",
    tp,
  );
  assert.equal(
    (await titleIn(tp.page.getByTestId("connected-address")))?.toLowerCase(),
    wallet.address.toLowerCase(),
    "the header shows the wallet's account",
  );
  return { tp, page: tp.page, wallet };
}

async function closePage(tp: TestPage): Promise<void> {
  await tp.context.close();
}

test(
  "watch: the player plays verified segments from a relay and the viewer's receipts are credited",
  { timeout: 120_000 },
  async () => {
    const tp = await openPage(browser);
    const { page } = tp;
    const startEpoch = (
      await getJson<{ epoch: number }>(`${stack.urls.coordinator}/v1/epochs/current`)
    ).epoch;
    await page.goto(`${stack.urls.web}/#/watch/${stack.streamId}`);
    try {
      await page.waitForFunction(
        () => {
          const video = document.querySelector<HTMLVideoElement>("[data-testid=player-video]");
          return video !== null && video.currentTime > 2;
        },
        null,
        { timeout: 60_000, polling: 250 },
      );
    } catch {
      await screenshot(page, "failed-watch");
      assert.fail(`the video never played past 2 s\n${tp.problems()}`);
    }
    const t1 = await page
      .getByTestId("player-video")
      .evaluate((v: HTMLVideoElement) => v.currentTime);
    await page.waitForTimeout(1_500);
    const t2 = await page
      .getByTestId("player-video")
      .evaluate((v: HTMLVideoElement) => v.currentTime);
    assert.ok(t2 > t1, `playback advances (${t1} -> ${t2})`);

    // Who delivered: rows of relays with bytes, and the viewer's receipts accepted.
    await waitForText(
      page.getByTestId("verified-segments"),
      (t) => Number(t) > 0,
      "verified segments",
      tp,
    );
    await waitForText(
      page.getByTestId("receipts-accepted"),
      (t) => Number.parseInt(t, 10) > 0,
      "receipts accepted",
      tp,
    );
    const rows = page.getByTestId("delivery-table").locator("tbody tr");
    const delivered: { address: string; bytes: string; receipted: string }[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const cells = rows.nth(i).locator("td");
      delivered.push({
        address: (
          (await cells.nth(0).locator("[title]").first().getAttribute("title")) ?? ""
        ).toLowerCase(),
        bytes: (await cells.nth(2).textContent()) ?? "",
        receipted: (await cells.nth(4).textContent()) ?? "",
      });
    }
    // Viewers see relay keys (hot); the coordinator reports and attests to their operators' wallets.
    const relayKeys = stack.relayKeys.map((a) => a.toLowerCase());
    const fromRelay = delivered.filter((d) => relayKeys.includes(d.address) && d.bytes !== "0 B");
    assert.ok(
      fromRelay.length > 0,
      `a relay of the stack delivered bytes: ${JSON.stringify(delivered)}`,
    );
    assert.ok(
      delivered.some((d) => d.receipted !== "0 B"),
      `some delivered bytes are receipted: ${JSON.stringify(delivered)}`,
    );
    // The stream's relays are listed with what they served.
    await page.getByTestId("stream-relays-table").waitFor({ timeout: 15_000 });

    // The relay itself counts what it served.
    for (const { address } of fromRelay) {
      const url = stack.urls.relays[relayKeys.indexOf(address)]!;
      const status = await getJson<{ bytesServed: number }>(`${url}/status`);
      assert.ok(status.bytesServed > 0, `${url}/status shows bytes served (${status.bytesServed})`);
    }

    // The coordinator credited this viewer's receipts to the relay that delivered: verified
    // bytes in its report (the stack runs no simulated viewers, so they are this page's).
    const reports: Record<string, unknown>[] = [];
    const verified = await waitUntil(
      "verified bytes in the delivering relay's report",
      async () => {
        const now = (
          await getJson<{ epoch: number }>(`${stack.urls.coordinator}/v1/epochs/current`)
        ).epoch;
        reports.length = 0;
        for (const { address } of fromRelay) {
          // the relay key's receipts, whichever address the coordinator files them under
          const operator = stack.operators[relayKeys.indexOf(address)]!;
          for (const who of [address, operator]) {
            for (let epoch = startEpoch; epoch <= now; epoch++) {
              reports.push(
                await getJson(`${stack.urls.coordinator}/v1/relays/${who}/report?epoch=${epoch}`),
              );
            }
          }
        }
        return reports.some((r) => (r.verifiedBytes as number) > 0);
      },
      { timeoutMs: 30_000, intervalMs: 1_000 },
    ).then(
      () => true,
      () => false,
    );
    assert.ok(verified, `no verified bytes in the reports:\n${JSON.stringify(reports.slice(-4))}`);
    await screenshot(page, "watch");
    // This tab keeps watching: its receipts are what the claim flow is paid from.
    audience = tp;
  },
);

test(
  "streamer: connects, creates a pool and funds it; the page and the chain show the balance",
  { timeout: 120_000 },
  async () => {
    const { tp, page, wallet } = await connectedPage(DEV_ROLES.streamer, "#/streamer");
    const form = page.getByRole("form", { name: "Create a reward pool" });
    await waitForText(
      form.locator(".hint").first(),
      (t) => t.includes(SYMBOL),
      "the pool form reads the token",
      tp,
    );
    await form.getByTestId("pool-rate-input").fill("1.5");
    const before = await poolCount(reader);
    await form.getByTestId("create-pool-button").click();
    const created = await waitForText(
      form.getByTestId("tx-status"),
      (t) => /Pool #\d+ created/.test(t) || t.startsWith("Failed"),
      "the pool is created",
      tp,
      60_000,
    );
    assert.match(created, /Pool #\d+ created/, created);
    const poolId = BigInt(/Pool #(\d+)/.exec(created)![1]!);
    assert.equal(poolId, before + 1n, "the page names the pool the chain created");
    assert.equal(
      (await readPool(reader, poolId)).owner.toLowerCase(),
      wallet.address.toLowerCase(),
    );

    const card = page.getByTestId(`pool-${poolId}`);
    await card.getByTestId("fund-input").fill("250");
    const balanceBefore = await tokenBalance(reader, wallet.address);
    await card.getByTestId("fund-button").click();
    const funded = await waitForText(
      card.getByTestId("tx-status"),
      (t) => t.startsWith("Funds added") || t.startsWith("Failed"),
      "the pool is funded",
      tp,
      60_000,
    );
    assert.match(funded, /^Funds added/, funded);
    assert.equal(await card.getByTestId("tx-status").first().getAttribute("data-state"), "success");
    const amount = parseUnits("250", TOKEN_DECIMALS);
    await waitForText(
      card.getByTestId("pool-balance"),
      (t) => t === `250 ${SYMBOL}`,
      "the pool balance",
      tp,
    );
    assert.equal(await titleIn(card.getByTestId("pool-balance")), exactAmount(amount));
    assert.equal(
      (await readPool(reader, poolId)).balance,
      amount,
      "the chain holds the funds in the pool",
    );
    assert.equal(
      await tokenBalance(reader, wallet.address),
      balanceBefore - amount,
      "the funds left the streamer's wallet",
    );
    assert.ok(wallet.calls.includes("eth_signTypedData_v4"), "funded with a permit signature");
    await screenshot(page, "streamer");
    await closePage(tp);
  },
);

/** The stream called `name` in the coordinator's listing, if any. */
async function streamNamed(
  name: string,
): Promise<{ streamId: string; ownerAddress?: string } | undefined> {
  const { streams } = await getJson<{
    streams: { streamId: string; name: string; ownerAddress?: string }[];
  }>(`${stack.urls.coordinator}/v1/streams?limit=100`);
  return streams.find((s) => s.name === name);
}

test(
  "streamer: creates a stream by signing in the wallet, registers it on-chain with the same salt, and links a pool by signature",
  { timeout: 120_000 },
  async () => {
    const { tp, page, wallet } = await connectedPage(DEV_ROLES.streamer, "#/streamer");
    // The origin key is made on the origin machine: the streamer only enters its address.
    const origin = privateKeyToAccount(generatePrivateKey());
    const name = `Browser show ${Date.now()}`;
    const form = page.getByRole("form", { name: "Create a stream" });
    await form.getByTestId("stream-name-input").fill(name);
    await form.getByTestId("origin-address-input").fill(origin.address);
    await form.getByTestId("create-stream-button").click();

    await waitForText(page.getByTestId("stream-key"), (t) => t.length > 0, "the stream key", tp);
    const created = page.getByTestId("stream-created");
    const registerStep = created.getByTestId("step-register");
    await waitUntil(
      "the registration settles",
      async () =>
        ["done", "failed"].includes((await registerStep.getAttribute("data-state")) ?? ""),
      { timeoutMs: 60_000, intervalMs: 250 },
    ).catch(async () => {
      await screenshot(page, "failed-register-stream");
      assert.fail(`the registration never settled\n${tp.problems()}`);
    });
    const registered = await registerStep.getAttribute("data-state");
    const status = (await created.getByTestId("tx-status").first().textContent()) ?? "";
    assert.equal(registered, "done", `the registration failed: ${status}\n${tp.problems()}`);
    assert.match(status, /^Registered on-chain/, status);
    assert.equal(await created.getByTestId("step-sign").getAttribute("data-state"), "done");
    assert.equal(await created.getByTestId("step-coordinator").getAttribute("data-state"), "done");

    // The wallet signed (CreateStream) before it sent the registration transaction.
    const signedAt = wallet.calls.indexOf("eth_signTypedData_v4");
    assert.ok(signedAt >= 0, "the wallet signed CreateStream");
    assert.ok(
      wallet.calls.indexOf("eth_sendTransaction", signedAt) > signedAt,
      "then sent registerStream",
    );

    const href = (await created.locator('a[href^="#/watch/"]').getAttribute("href")) ?? "";
    const streamId = href.replace("#/watch/", "") as Hex;
    const listed = await streamNamed(name);
    assert.equal(listed?.streamId, streamId, "the coordinator holds the stream under this id");
    assert.equal(listed?.ownerAddress?.toLowerCase(), wallet.address.toLowerCase());
    // The chain derives the id from the caller and the salt: registering under this id proves
    // the wallet used the salt it signed for the coordinator.
    const onChain = await readStreamRegistration(reader, { streamId });
    assert.equal(onChain?.owner.toLowerCase(), wallet.address.toLowerCase(), "owner on-chain");
    assert.equal(
      onChain?.originSigner.toLowerCase(),
      origin.address.toLowerCase(),
      "origin on-chain",
    );

    // The stream's row: registered, and the streamer's pool (the stack's) linked by a LinkPool signature.
    const row = page.getByTestId("my-streams").locator("tr", { hasText: name });
    await waitForText(row, (t) => t.includes("registered"), "the row shows the registration", tp);
    const signaturesBefore = wallet.calls.filter((c) => c === "eth_signTypedData_v4").length;
    await row.getByTestId("link-pool-select").selectOption(stack.poolId.toString(), {
      timeout: 30_000,
    });
    await row.getByTestId("link-pool-button").click();
    await waitUntil(
      "the coordinator links the pool to the stream",
      async () => {
        const { pools } = await getJson<{ pools: { poolId: string; streams: string[] }[] }>(
          `${stack.urls.coordinator}/v1/pools?limit=100`,
        );
        return pools.some(
          (p) =>
            p.poolId === stack.poolId.toString() &&
            p.streams.some((id) => id.toLowerCase() === streamId.toLowerCase()),
        );
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    ).catch(async () => {
      await screenshot(page, "failed-link-pool");
      assert.fail(`the pool was not linked\n${tp.problems()}`);
    });
    assert.equal(
      wallet.calls.filter((c) => c === "eth_signTypedData_v4").length,
      signaturesBefore + 1,
      "linking took one LinkPool signature (no transaction)",
    );
    await waitForText(
      row,
      (t) => t.includes(`pool #${stack.poolId}`),
      "the row shows the linked pool",
      tp,
    );
    await screenshot(page, "stream-created");
    await closePage(tp);
  },
);

test(
  "streamer: a declined CreateStream signature says nothing was created, and nothing is",
  { timeout: 60_000 },
  async () => {
    const { tp, page, wallet } = await connectedPage(DEV_ROLES.streamer, "#/streamer");
    const name = `Declined show ${Date.now()}`;
    const form = page.getByRole("form", { name: "Create a stream" });
    await form.getByTestId("stream-name-input").fill(name);
    await form
      .getByTestId("origin-address-input")
      .fill(privateKeyToAccount(generatePrivateKey()).address);
    const sentBefore = wallet.calls.filter((c) => c === "eth_sendTransaction").length;
    wallet.rejectNextSignature();
    await form.getByTestId("create-stream-button").click();
    const error = await waitForText(
      form.getByTestId("create-stream-error"),
      (t) => t.length > 0,
      "the declined-signature message",
      tp,
    );
    assert.equal(error, "You declined the signature; nothing was created");
    assert.equal(await form.getByTestId("create-stream-error").getAttribute("role"), "alert");
    assert.equal(await form.getByTestId("step-sign").getAttribute("data-state"), "failed");
    assert.ok(wallet.calls.includes("eth_signTypedData_v4"), "the wallet was asked to sign");
    assert.equal(
      wallet.calls.filter((c) => c === "eth_sendTransaction").length,
      sentBefore,
      "no transaction was sent",
    );
    assert.equal(await streamNamed(name), undefined, "the coordinator has no such stream");
    assert.equal(await page.getByTestId("stream-key").count(), 0, "no stream key is shown");
    await screenshot(page, "declined-create-stream");
    await closePage(tp);
  },
);

test(
  "operator: connects and stakes; the page and the chain's stakeOf show the stake",
  { timeout: 120_000 },
  async () => {
    const { tp, page, wallet } = await connectedPage(DEV_ROLES.supporter, "#/operator");
    const bonded0 = await bondedStake(reader, wallet.address);
    await waitForText(
      page.getByTestId("bonded-stake"),
      (t) => t.endsWith(SYMBOL),
      "the bonded stake",
      tp,
    );
    assert.equal(await titleIn(page.getByTestId("bonded-stake")), exactAmount(bonded0));
    await page.getByTestId("stake-input").fill("150");
    await page.getByTestId("stake-button").click();
    const status = page.getByTestId("stake-button").locator("xpath=../..").getByTestId("tx-status");
    const done = await waitForText(
      status,
      (t) => t.startsWith("Staked") || t.startsWith("Failed"),
      "the stake is confirmed",
      tp,
      60_000,
    );
    assert.match(done, /^Staked/, done);
    const expected = bonded0 + parseUnits("150", TOKEN_DECIMALS);
    await waitForText(
      page.getByTestId("bonded-stake"),
      (t) => t.startsWith(exactAmount(expected).split(" ")[0]!),
      "the new bonded stake",
      tp,
    );
    assert.equal(await titleIn(page.getByTestId("bonded-stake")), exactAmount(expected));
    assert.equal(await bondedStake(reader, wallet.address), expected, "stakeOf shows the stake");
    await waitForText(
      page.getByTestId("stake-status"),
      (t) => t === "active",
      "the stake status",
      tp,
    );
    await screenshot(page, "operator");
    await closePage(tp);
  },
);

test(
  "operator: authorizes a relay key from the wallet with the key's signature, sees it, and revokes it",
  { timeout: 120_000 },
  async () => {
    const { tp, page, wallet } = await connectedPage(DEV_ROLES.supporter, "#/operator");
    // The relay machine's side: a fresh relay key and its consent for this wallet, as
    // `streamrp2p-node authorize --keystore relay-key.json --operator <wallet> --deadline <unix>`
    // prints it.
    const relayKey = privateKeyToAccount(generatePrivateKey());
    const block = await reader.public.getBlock();
    const consent = async (operator: Address) => {
      const deadline = Number(block.timestamp) + 3600;
      const signature = await signRelayKeyAuthorization(relayKey, {
        chainId: stack.chain.chainId,
        stakingAddress: reader.deployment.contracts.RelayStaking.address,
        operator,
        deadline,
      });
      return JSON.stringify({ relayKey: relayKey.address, operator, deadline, signature });
    };
    const command = (await page.getByTestId("authorize-command").textContent()) ?? "";
    assert.match(command, new RegExp(`--operator ${wallet.address}`, "i"), command);
    const relayCommand = (await page.getByTestId("relay-command").textContent()) ?? "";
    assert.match(relayCommand, /--keystore \.\/relay-key\.json/, relayCommand);
    assert.match(relayCommand, /--rpc-url /, relayCommand);

    // A consent for another wallet is explained, and the button stays off.
    const input = page.getByTestId("relay-authorization-input");
    const button = page.getByTestId("authorize-relay-key-button");
    await input.fill(await consent(devAccount(DEV_ROLES.streamer).address));
    const refused = await waitForText(
      page.getByTestId("relay-authorization-error"),
      (t) => t.length > 0,
      "the wrong-operator message",
      tp,
    );
    assert.match(refused, /not for this wallet/, refused);
    assert.equal(await button.isDisabled(), true);

    await input.fill(await consent(wallet.address));
    await button.click();
    const authorizeStatus = button.locator("xpath=../..").getByTestId("tx-status");
    const authorized = await waitForText(
      authorizeStatus,
      (t) => t.startsWith("Authorized") || t.startsWith("Failed"),
      "the relay key is authorized",
      tp,
      60_000,
    );
    assert.match(authorized, /^Authorized/, authorized);
    assert.equal(
      (await readOperatorOf(reader, relayKey.address))?.toLowerCase(),
      wallet.address.toLowerCase(),
      "operatorOf(relay key) is this wallet on-chain",
    );
    const row = page.getByTestId(`relay-key-${relayKey.address.toLowerCase()}`);
    await row.waitFor({ timeout: 20_000 });
    await waitUntil(
      "the wizard checks the key as authorized",
      async () => (await page.getByTestId("check-authorized").getAttribute("data-ok")) === "true",
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    await screenshot(page, "relay-key-authorized");

    await row.getByTestId("revoke-relay-key-button").click();
    const revoked = await waitForText(
      page.getByTestId("revoke-status").getByTestId("tx-status"),
      (t) => t.startsWith("Revoked") || t.startsWith("Failed"),
      "the relay key is revoked",
      tp,
      60_000,
    );
    assert.match(revoked, /^Revoked/, revoked);
    assert.equal(
      await readOperatorOf(reader, relayKey.address),
      undefined,
      "the revoked key works for nobody",
    );
    await row.waitFor({ state: "detached", timeout: 20_000 });
    await closePage(tp);
  },
);

interface Attestation {
  poolId: string;
  account: string;
  cumulativeAmount: string;
}

async function attestations(address: Address): Promise<Attestation[]> {
  const body = await getJson<{ attestations: Attestation[] }>(
    `${stack.urls.coordinator}/v1/relays/${address}/attestations`,
  );
  return body.attestations;
}

test(
  "claim: after an epoch closes the relay operator claims all; the wallet grows by exactly the attested amount",
  { timeout: 150_000 },
  async () => {
    // Someone must be watching (and signing receipts) for a relay to earn.
    if (!audience) {
      audience = await openPage(browser);
      await audience.page.goto(`${stack.urls.web}/#/watch/${stack.streamId}`);
    }
    // A relay whose attested earnings exceed what it has claimed.
    let operator: Address | undefined;
    await waitUntil(
      "an attestation with something to claim",
      async () => {
        for (const candidate of [...stack.operators].reverse()) {
          for (const a of await attestations(candidate)) {
            const claimed = await claimedAmount(reader, BigInt(a.poolId), candidate);
            if (BigInt(a.cumulativeAmount) > claimed) operator = candidate;
          }
          if (operator) return true;
        }
        return false;
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    ).catch(async () => {
      const reports = await Promise.all(
        stack.operators.map((a) => getJson(`${stack.urls.coordinator}/v1/relays/${a}/report`)),
      );
      assert.fail(`no relay has anything to claim; current reports: ${JSON.stringify(reports)}`);
    });
    // Everything the coordinator attests from now until the claim is mined: the page loads one
    // of these, and the claim must pay exactly one of them.
    const seen = new Map<string, Set<bigint>>();
    const record = async () => {
      for (const a of await attestations(operator!)) {
        if (!seen.has(a.poolId)) seen.set(a.poolId, new Set());
        seen.get(a.poolId)!.add(BigInt(a.cumulativeAmount));
      }
    };
    await record();
    const pools = [...seen.keys()].map(BigInt);
    const claimedBefore = await Promise.all(
      pools.map((id) => claimedAmount(reader, id, operator!)),
    );
    const balanceBefore = await tokenBalance(reader, operator!);
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        await record();
        await new Promise((r) => setTimeout(r, 300));
      }
    })();

    const index = DEV_ROLES.operators[stack.operators.indexOf(operator!)]!;
    const { tp, page } = await connectedPage(index, "#/operator").catch((error: unknown) => {
      watching = false;
      throw error;
    });
    let done: string;
    try {
      await page.getByTestId("claimable-table").waitFor({ timeout: 30_000 });
      await waitForText(
        page.getByTestId("claimable-amount"),
        (t) => t.endsWith(SYMBOL),
        "the claimable amount",
        tp,
      );
      await page.getByTestId("claim-all-button").click();
      const claimStatus = page
        .getByTestId("claim-all-button")
        .locator("xpath=../..")
        .getByTestId("tx-status");
      done = await waitForText(
        claimStatus,
        (t) => t.startsWith("Claimed") || t.startsWith("Failed"),
        "the claim is confirmed",
        tp,
        60_000,
      );
    } finally {
      watching = false;
      await watcher;
    }
    assert.match(done, /^Claimed/, done);

    const balanceAfter = await tokenBalance(reader, operator!);
    let paid = 0n;
    for (const [i, poolId] of pools.entries()) {
      const claimedAfter = await claimedAmount(reader, poolId, operator!);
      if (claimedAfter === claimedBefore[i]) continue;
      assert.ok(
        seen.get(poolId.toString())!.has(claimedAfter),
        `pool ${poolId}: the chain's claimed total ${claimedAfter} is an amount the coordinator attested (${[...seen.get(poolId.toString())!].join(", ")})`,
      );
      paid += claimedAfter - claimedBefore[i]!;
    }
    assert.ok(paid > 0n, "the claim paid something");
    assert.equal(
      balanceAfter - balanceBefore,
      paid,
      "the wallet grew by exactly the attested amount",
    );

    // The page shows the new wallet balance.
    const walletStat = page.locator(".stat", {
      has: page.locator(".label", { hasText: /^Wallet$/ }),
    });
    await waitUntil(
      "the new wallet balance on the page",
      async () => (await titleIn(walletStat)) === exactAmount(balanceAfter),
      {
        timeoutMs: 20_000,
        intervalMs: 250,
      },
    ).catch(async () => {
      await screenshot(page, "failed-claim-balance");
      assert.fail(
        `the page shows ${await titleIn(walletStat)}, the chain ${exactAmount(balanceAfter)}`,
      );
    });
    await screenshot(page, "claim");
    await closePage(tp);
  },
);

test(
  "a rejected signature shows a readable message and changes nothing",
  { timeout: 90_000 },
  async () => {
    const { tp, page, wallet } = await connectedPage(DEV_ROLES.supporter, "#/operator");
    await waitForText(
      page.getByTestId("bonded-stake"),
      (t) => t.endsWith(SYMBOL),
      "the bonded stake",
      tp,
    );
    const bonded = await bondedStake(reader, wallet.address);
    wallet.rejectNextSignature();
    await page.getByTestId("stake-input").fill("1");
    await page.getByTestId("stake-button").click();
    const status = page.getByTestId("stake-button").locator("xpath=../..").getByTestId("tx-status");
    const text = await waitForText(
      status,
      (t) => t.startsWith("Failed") || t.startsWith("Staked"),
      "the stake fails",
      tp,
      30_000,
    );
    assert.match(text, /rejected/i, text);
    assert.equal(await status.first().getAttribute("data-state"), "error");
    assert.equal(await status.first().getAttribute("role"), "alert");
    assert.equal(await bondedStake(reader, wallet.address), bonded, "the stake did not change");
    await screenshot(page, "rejected-signature");
    await closePage(tp);
  },
);

test(
  "a wallet on another network is asked to switch, and switching works",
  { timeout: 90_000 },
  async () => {
    const { tp, page, wallet } = await connectedPage(DEV_ROLES.streamer, "#/streamer");
    await page.getByTestId("create-pool-button").waitFor({ timeout: 30_000 });
    await wallet.setChainId(10);
    const banner = page.getByTestId("wrong-network");
    const text = await waitForText(
      banner,
      (t) => t.includes("chain 10"),
      "the wrong-network prompt",
      tp,
    );
    assert.match(text, new RegExp(`chain ${stack.chain.chainId}`), text);
    await waitForText(
      page.locator(".state"),
      (t) => t.includes(`Switch your wallet to chain ${stack.chain.chainId}`),
      "the page asks to switch instead of showing the dashboard",
      tp,
    );
    assert.equal(
      await page.getByTestId("create-pool-button").count(),
      0,
      "no transaction form on the wrong network",
    );
    await screenshot(page, "wrong-network");

    await page.getByTestId("switch-network").click();
    await banner.waitFor({ state: "detached", timeout: 15_000 });
    assert.equal(wallet.reportedChainId, stack.chain.chainId);
    assert.ok(
      wallet.calls.includes("wallet_switchEthereumChain"),
      "the app asked the wallet to switch",
    );
    await page.getByTestId("create-pool-button").waitFor({ timeout: 15_000 });
    await screenshot(page, "network-switched");
    await closePage(tp);
  },
);

test(
  "switching accounts in the wallet switches the page's account",
  { timeout: 60_000 },
  async () => {
    const { tp, page, wallet } = await connectedPage(DEV_ROLES.streamer, "#/operator");
    await waitForText(
      page.getByTestId("bonded-stake"),
      (t) => t.endsWith(SYMBOL),
      "the bonded stake",
      tp,
    );
    // From the streamer (nothing staked) to the tier-1 operator (the stack staked 100 tUSD).
    assert.equal(await bondedStake(reader, wallet.address), 0n);
    const operator = devAccount(DEV_ROLES.operators[0]);
    await wallet.switchAccount(operator);
    await waitUntil(
      "the header shows the new account",
      async () =>
        (await titleIn(page.getByTestId("connected-address")))?.toLowerCase() ===
        operator.address.toLowerCase(),
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    const bonded = await bondedStake(reader, operator.address);
    assert.ok(bonded > 0n);
    await waitUntil(
      "the stake panel shows the new account's stake",
      async () => (await titleIn(page.getByTestId("bonded-stake"))) === exactAmount(bonded),
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    await closePage(tp);
  },
);

dappFlows({
  stack: () => stack,
  browser: () => browser,
  reader: () => reader,
  connectedPage,
  waitForText,
});
