/**
 * Proof of bandwidth to payout with real parts: a local OP-type chain (hardhat node) with the
 * contracts deployed and a generated attestor key; the real coordinator process
 * (coordinator/src/main.ts over a private Redis, stake read from the chain, epochs of a few
 * seconds); the origin and two relays as node CLI processes, the relays staked on-chain by dev
 * accounts 2 and 3; ffmpeg publishing over RTMP; a streamer (dev account 1) who creates and
 * funds a pool and binds it to the stream; simulated viewers (the viewer client library) that
 * sign receipts. After an epoch closes, each relay runs `claim` (the CLI, spawned) and its token
 * balance rises by exactly the attested amount, which the pool loses.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { parseUnits, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { getDeployment } from "@streamrp2p/deployments";
import { relayStakingDomain } from "@streamrp2p/protocol/eip712";
import { createViewer, type ViewerClient } from "@streamrp2p/client";
import {
  createChainClients,
  createCoordinatorClient,
  createOwnedStream,
  createPool,
  fundPool,
  linkOwnedPool,
  mintTestToken,
  readStake,
  registerStream,
  stake,
  type ChainClients,
} from "@streamrp2p/client";
import { publishTestStream, type Publisher } from "../../node/test/helpers/publish.ts";
import { REPO_ROOT, rpc, startChain, type LocalChain } from "../../scripts/lib/chain.ts";
import { deployLocal } from "../../scripts/lib/deploy-local.ts";
import { DEV_ROLES, devAccount, devPrivateKey } from "../../scripts/lib/dev-accounts.ts";
import { startRedis, type RedisServer } from "../../scripts/lib/redis-server.ts";
import { authorizedRelayKey } from "../../scripts/lib/relay-keys.ts";
import {
  freePort,
  spawnService,
  stopAll,
  waitUntil,
  type Service,
} from "../../scripts/lib/service.ts";
import { loopbackFetch } from "./helpers/loopback-fetch.ts";

const exec = promisify(execFile);
const CLI = join(REPO_ROOT, "node/src/cli.ts");
const EPOCH_SECONDS = 4;
const LOG = process.env.E2E_LOG === "1" ? "inherit" : "ignore";
const originKey = generatePrivateKey();
const attestorKey = generatePrivateKey();
const OPERATORS = DEV_ROLES.operators;

let chain: LocalChain;
let redis: RedisServer;
let coordinatorUrl: string;
let stakingAddress: Address;
let publisher: Publisher | undefined;
const viewers: ViewerClient[] = [];

interface RelayNode {
  index: number;
  /** The operator's wallet: stakes, is attested and paid. */
  address: Address;
  /** The hot key the relay runs with, authorized by that wallet. */
  relayKey: Address;
  url: string;
  service: Service;
  clients: ChainClients;
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok)
    throw new Error(`${init?.method ?? "GET"} ${url}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

const post = <T>(url: string, body: unknown) =>
  json<T>(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function startNode(
  name: string,
  mode: "origin" | "relay",
  args: string[],
  key: string,
): Promise<{ service: Service; url: string }> {
  const httpPort = await freePort();
  const url = `http://127.0.0.1:${httpPort}`;
  const service = spawnService(
    name,
    process.execPath,
    [
      CLI,
      mode,
      "--host",
      "127.0.0.1",
      "--http-port",
      String(httpPort),
      "--status-interval",
      "0",
      ...args,
    ],
    {
      env: {
        COORDINATOR_URL: coordinatorUrl,
        CHAIN_ID: String(chain.chainId),
        STAKING_ADDRESS: stakingAddress,
        LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "info",
        [mode === "origin" ? "ORIGIN_PRIVATE_KEY" : "OPERATOR_PRIVATE_KEY"]: key,
      },
      log: LOG,
    },
  );
  await waitUntil(`${name} /status`, async () => (await fetch(`${url}/status`)).ok, {
    service,
    timeoutMs: 20_000,
  });
  return { service, url };
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number) {
  await waitUntil(what, async () => check(), { timeoutMs, intervalMs: 250 });
}

function tokenBalance(clients: ChainClients, owner: Address): Promise<bigint> {
  const token = clients.deployment.contracts.TestToken!;
  return clients.public.readContract({
    address: token.address,
    abi: token.abi,
    functionName: "balanceOf",
    args: [owner],
  }) as Promise<bigint>;
}

async function poolBalance(clients: ChainClients, poolId: bigint): Promise<bigint> {
  const { address, abi } = clients.deployment.contracts.RewardPools;
  const pool = (await clients.public.readContract({
    address,
    abi,
    functionName: "pool",
    args: [poolId],
  })) as { balance: bigint };
  return pool.balance;
}

async function mint(clients: ChainClients, amount: bigint) {
  await mintTestToken(clients, { to: clients.account.address, amount });
}

interface Attestation {
  poolId: string;
  account: string;
  cumulativeBytes: string;
  cumulativeAmount: string;
  signatures: Hex;
  epoch: number;
}

before(async () => {
  chain = await startChain({ port: await freePort(), log: LOG });
  const attestor = privateKeyToAccount(attestorKey);
  const deployment = deployLocal({ rpcUrl: chain.rpcUrl, attestors: [attestor.address] });
  const generated = getDeployment(chain.chainId);
  // The chain clients read the generated module this process loaded; a fresh local chain gives
  // the same addresses, and this says so loudly if it ever does not.
  assert.equal(
    generated.contracts.RewardPools.address.toLowerCase(),
    deployment.contracts.RewardPools.address.toLowerCase(),
    "deployments/index.ts matches the local deployment",
  );
  stakingAddress = deployment.contracts.RelayStaking.address as Address;
  redis = await startRedis();
  const port = await freePort();
  coordinatorUrl = `http://127.0.0.1:${port}`;
  const coordinator = spawnService("coordinator", process.execPath, ["coordinator/src/main.ts"], {
    cwd: REPO_ROOT,
    env: {
      COORDINATOR_HOST: "127.0.0.1",
      COORDINATOR_PORT: String(port),
      REDIS_URL: redis.url,
      CHAIN_RPC_URL: chain.rpcUrl,
      CHAIN_ID: String(chain.chainId),
      STAKING_ADDRESS: stakingAddress,
      REQUIRE_STAKE: "true",
      STAKE_CACHE_SECONDS: "1",
      EPOCH_SECONDS: String(EPOCH_SECONDS),
      EPOCH_CLOSE_DELAY_MS: "500",
      ATTESTOR_PRIVATE_KEYS: attestorKey,
      MAX_SESSIONS_PER_ADDRESS: "1000",
      RATE_LIMIT_MAX: "1000000",
      WATCHER_POLL_MS: "200",
      LOG_LEVEL: process.env.E2E_COORDINATOR_LOG ?? "info",
    },
    log: LOG,
  });
  await waitUntil(
    "coordinator /healthz",
    async () => (await fetch(`${coordinatorUrl}/healthz`)).ok,
    {
      service: coordinator,
      timeoutMs: 30_000,
    },
  );
});

after(async () => {
  await Promise.all(viewers.map((v) => v.stop()));
  await publisher?.stop();
  await stopAll();
  await redis?.stop();
  await chain?.stop();
});

test(
  "viewers' receipts become attested earnings; each relay claims exactly what was attested",
  { timeout: 240_000 },
  async (t) => {
    const at = (index: number) =>
      createChainClients({
        rpcUrl: chain.rpcUrl,
        chainId: chain.chainId,
        account: devAccount(index),
      });
    const streamer = at(DEV_ROLES.streamer);
    const decimals = 6;

    // Two relay operators stake on-chain (dev accounts 2 and 3).
    for (const index of OPERATORS) {
      const operator = at(index);
      const account = operator.account.address;
      const { minStake } = await readStake(operator, { account });
      await mint(operator, minStake * 2n);
      await stake(operator, { amount: minStake * 2n });
      assert.equal(
        (await readStake(operator, { account })).active,
        true,
        `operator ${index} is active`,
      );
    }

    // The streamer creates and funds a pool: 1000 tUSD per GB (1 base unit per byte).
    const funding = parseUnits("1000", decimals);
    await mint(streamer, funding);
    const { poolId } = await createPool(streamer, {
      token: streamer.deployment.contracts.TestToken!.address,
      ratePerGB: parseUnits("1000", decimals),
      maxRatePerGB: parseUnits("2000", decimals),
      epochBudget: 0n,
      noticePeriod: 3600,
    });
    await fundPool(streamer, { poolId, amount: funding });

    // The streamer signs the stream's creation (owner-bound id), registers it on-chain with the
    // origin key (relays carry only streams whose on-chain origin signer is the key the
    // coordinator names) and signs the pool link.
    const origin = privateKeyToAccount(originKey);
    const coordinator = createCoordinatorClient({ baseUrl: coordinatorUrl });
    const streamerAccount = devAccount(DEV_ROLES.streamer);
    const created = await createOwnedStream(coordinator, streamerAccount, {
      chainId: chain.chainId,
      name: "payout e2e",
      originAddress: origin.address,
      now: Date.now(),
    });
    const { streamId, streamKey } = created;
    await registerStream(streamer, { salt: created.salt, originSigner: origin.address });
    await linkOwnedPool(coordinator, streamerAccount, {
      chainId: chain.chainId,
      streamId,
      poolId,
      now: Date.now(),
    });

    const rtmpPort = await freePort();
    const originDataDir = await mkdtemp(join(tmpdir(), "payout-origin-"));
    t.after(() => rm(originDataDir, { recursive: true, force: true }));
    const originNode = await startNode(
      "origin",
      "origin",
      ["--rtmp-host", "127.0.0.1", "--rtmp-port", String(rtmpPort), "--data-dir", originDataDir],
      originKey,
    );
    const relays: RelayNode[] = [];
    for (const index of OPERATORS) {
      const relayKey = await authorizedRelayKey(at(index), at(DEV_ROLES.deployer));
      const node = await startNode(
        `relay${index}`,
        "relay",
        [
          "--tier",
          "1",
          "--upstream",
          originNode.url,
          "--stream",
          streamId,
          "--poll-interval",
          "100",
          "--heartbeat-interval",
          "1000",
          "--fetch-log-interval",
          "500",
          "--receipt-interval",
          "1000",
          "--rpc-url",
          chain.rpcUrl,
        ],
        relayKey.privateKey,
      );
      relays.push({
        index,
        address: devAccount(index).address,
        relayKey: relayKey.account.address,
        ...node,
        clients: at(index),
      });
    }

    publisher = publishTestStream(`rtmp://127.0.0.1:${rtmpPort}/live/${streamKey}`, 120);
    await until(
      "both relays hold segments and are live and staked at the coordinator",
      async () => {
        const { relays: listed } = await json<{
          relays: { address: string; live: boolean; staked: boolean }[];
        }>(`${coordinatorUrl}/v1/relays`);
        const ready = relays.every((r) =>
          listed.some(
            (l) => l.address.toLowerCase() === r.relayKey.toLowerCase() && l.live && l.staked,
          ),
        );
        const statuses = await Promise.all(
          relays.map(async (r) =>
            json<{ streams: { lastSequence: number | null }[] }>(`${r.url}/status`),
          ),
        );
        return ready && statuses.every((s) => (s.streams[0]?.lastSequence ?? -1) >= 2);
      },
      60_000,
    );

    // Four viewers, two starting on each relay (both relays are in every session's list).
    const domain = relayStakingDomain(chain.chainId, stakingAddress);
    const relayRefs = relays.map((r) => ({ address: r.relayKey, url: r.url, tier: 1 }));
    const receiptErrors: string[] = [];
    for (let i = 0; i < 4; i++) {
      const first = relayRefs[i % 2]!;
      const second = relayRefs[(i + 1) % 2]!;
      const viewer = createViewer({
        coordinatorUrl,
        streamId,
        domain,
        originAddress: origin.address,
        relays: [first, second],
        receiptIntervalMs: 1000,
        // Viewers connect from 127.0.0.2: not the relays' own network address (self-dealing).
        fetch: loopbackFetch("127.0.0.2"),
      });
      viewer.on("receipt", (r) => {
        if (!r.accepted) receiptErrors.push(`${r.url}: ${r.error}`);
      });
      await viewer.start();
      viewers.push(viewer);
    }
    await until(
      "each viewer got 6 segments",
      () => viewers.every((v) => v.stats.segments >= 6),
      60_000,
    );
    await Promise.all(viewers.map((v) => v.stop()));
    const delivered = new Map<string, number>();
    for (const v of viewers) {
      for (const tally of v.receipts!.tally()) {
        delivered.set(tally.relay, (delivered.get(tally.relay) ?? 0) + tally.bytes);
      }
    }
    t.diagnostic(
      `bytes viewers received per relay: ${JSON.stringify(Object.fromEntries(delivered))}`,
    );
    assert.deepEqual(receiptErrors, [], "every receipt was accepted by its relay");

    // The relays hand their latest receipts to the coordinator; then an epoch closes over them.
    await until(
      "relays have no unacknowledged receipts",
      async () => {
        const statuses = await Promise.all(
          relays.map((r) =>
            json<{ receipts: { pending: number; sent: number } }>(`${r.url}/status`),
          ),
        );
        return statuses.every((s) => s.receipts.pending === 0 && s.receipts.sent > 0);
      },
      20_000,
    );
    const { epoch } = await json<{ epoch: number }>(`${coordinatorUrl}/v1/epochs/current`);
    await until(
      `epoch ${epoch} closed with no receipt backlog`,
      async () => {
        const current = await json<{ lastClosed: number | null; backlog: number }>(
          `${coordinatorUrl}/v1/epochs/current`,
        );
        return current.lastClosed !== null && current.lastClosed >= epoch && current.backlog === 0;
      },
      (EPOCH_SECONDS * 3 + 10) * 1000,
    );

    for (const relay of relays) {
      const { attestations } = await json<{ attestations: Attestation[] }>(
        `${coordinatorUrl}/v1/relays/${relay.address}/attestations`,
      );
      const forPool = attestations.filter((a) => a.poolId === poolId.toString());
      assert.equal(forPool.length, 1, `relay ${relay.index} has an attestation for pool ${poolId}`);
      const attested = BigInt(forPool[0]!.cumulativeAmount);
      const report = await json<{ verifiedBytes: number; rejectedBytes: number; reasons: unknown }>(
        `${coordinatorUrl}/v1/relays/${relay.address}/report?epoch=${forPool[0]!.epoch}`,
      );
      t.diagnostic(
        `relay ${relay.index} epoch ${forPool[0]!.epoch}: verified ${report.verifiedBytes} B, rejected ${report.rejectedBytes} B ${JSON.stringify(report.reasons)}`,
      );
      assert.ok(attested > 0n, `relay ${relay.index} earned something`);
      assert.ok(
        BigInt(forPool[0]!.cumulativeBytes) <=
          BigInt(delivered.get(relay.relayKey.toLowerCase()) ?? 0),
        "never more bytes attested than viewers received",
      );

      const balanceBefore = await tokenBalance(relay.clients, relay.address);
      const poolBefore = await poolBalance(relay.clients, poolId);
      const { stdout } = await exec(process.execPath, [CLI, "claim", "--json", "--yes"], {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          OPERATOR_PRIVATE_KEY: devPrivateKey(relay.index),
          CHAIN_RPC_URL: chain.rpcUrl,
          CHAIN_ID: String(chain.chainId),
          COORDINATOR_URL: coordinatorUrl,
        },
      });
      const claim = JSON.parse(stdout) as {
        hash: Hex;
        payouts: { poolId: string; amount: string }[];
      };
      const paid = claim.payouts
        .filter((p) => p.poolId === poolId.toString())
        .reduce((n, p) => n + BigInt(p.amount), 0n);
      const balanceAfter = await tokenBalance(relay.clients, relay.address);
      const poolAfter = await poolBalance(relay.clients, poolId);
      t.diagnostic(
        `relay ${relay.index}: attested ${attested} (${forPool[0]!.cumulativeBytes} bytes), claimed in ${claim.hash}`,
      );
      assert.equal(paid, attested, "the CLI claimed the attested amount");
      assert.equal(
        balanceAfter - balanceBefore,
        attested,
        "the balance rose by exactly the attested amount",
      );
      assert.equal(poolBefore - poolAfter, attested, "the pool fell by the same amount");
    }

    // A second claim finds nothing left to pay.
    const { stdout: again } = await exec(process.execPath, [CLI, "claim", "--yes"], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        OPERATOR_PRIVATE_KEY: devPrivateKey(relays[0]!.index),
        CHAIN_RPC_URL: chain.rpcUrl,
        CHAIN_ID: String(chain.chainId),
        COORDINATOR_URL: coordinatorUrl,
      },
    });
    assert.match(again, /nothing to claim/);
    const { stdout: status } = await exec(process.execPath, [CLI, "status", "--json"], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        OPERATOR_PRIVATE_KEY: devPrivateKey(relays[1]!.index),
        CHAIN_RPC_URL: chain.rpcUrl,
        CHAIN_ID: String(chain.chainId),
        COORDINATOR_URL: coordinatorUrl,
      },
    });
    const parsed = JSON.parse(status) as { active: boolean; claimable: unknown[] };
    assert.equal(parsed.active, true);
    assert.deepEqual(parsed.claimable, []);
  },
);

test(
  "operator CLI against the chain: stake, status, unstake, withdraw, decoded reverts",
  {
    timeout: 120_000,
  },
  async () => {
    const index = DEV_ROLES.supporter;
    const clients = createChainClients({
      rpcUrl: chain.rpcUrl,
      chainId: chain.chainId,
      account: devAccount(index),
    });
    await mint(clients, parseUnits("50", 6));
    const env = {
      ...process.env,
      OPERATOR_PRIVATE_KEY: devPrivateKey(index),
      CHAIN_RPC_URL: chain.rpcUrl,
      CHAIN_ID: String(chain.chainId),
    };
    const cli = async (...args: string[]) => {
      try {
        const { stdout, stderr } = await exec(process.execPath, [CLI, ...args], {
          cwd: REPO_ROOT,
          env,
        });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };

    // Not a terminal and no --yes: refused before anything is sent.
    const unconfirmed = await cli("stake", "12.5");
    assert.equal(unconfirmed.code, 2);
    assert.match(unconfirmed.stderr, /stdin is not a terminal to confirm it on: add --yes/);

    const staked = await cli("stake", "12.5", "--yes");
    assert.equal(staked.code, 0, staked.stderr);
    // What it sent, shown before sending (on stderr).
    assert.match(staked.stderr, /^ {2}stake 12\.5 tUSD/m);
    assert.match(staked.stderr, /contract {5}RelayStaking 0x[0-9a-fA-F]{40}/);
    assert.match(staked.stderr, new RegExp(`chain {8}${chain.chainId} `));
    assert.match(staked.stdout, /^staked 12\.5 tUSD in transaction 0x[0-9a-f]{64}$/m);
    assert.match(staked.stdout, /bonded 12\.5 tUSD, unbonding 0 tUSD/);

    const tooMuch = await cli("unstake", "13", "--yes");
    assert.equal(tooMuch.code, 1);
    assert.match(tooMuch.stderr, /error: the contract reverted: InsufficientBondedStake\(/);

    const badAmount = await cli("stake", "1.0000001", "--yes");
    assert.equal(badAmount.code, 2);
    assert.match(badAmount.stderr, /7 decimal places; the token has 6/);

    const unstaked = await cli("unstake", "2.5", "--json", "--yes");
    assert.equal(unstaked.code, 0, unstaked.stderr);
    const result = JSON.parse(unstaked.stdout) as {
      amount: string;
      bonded: string;
      unbonding: string;
    };
    assert.deepEqual(
      [result.amount, result.bonded, result.unbonding],
      ["2500000", "10000000", "2500000"],
    );

    const early = await cli("withdraw", "--yes");
    assert.equal(early.code, 1);
    assert.match(early.stderr, /the contract reverted: UnbondingNotReleased\(/);

    const status = await cli("status");
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /bonded {5}10 tUSD/);
    assert.match(status.stdout, /unbonding {2}2\.5 tUSD, withdrawable in /);
    assert.match(status.stdout, /claimable {2}unknown/);

    const { unbondingSecondsLeft } = JSON.parse((await cli("status", "--json")).stdout) as {
      unbondingSecondsLeft: number;
    };
    await rpc(chain.rpcUrl, "evm_increaseTime", [unbondingSecondsLeft + 1]);
    await rpc(chain.rpcUrl, "evm_mine", []);
    const before = await tokenBalance(clients, clients.account.address);
    const withdrawn = await cli("withdraw", "--yes");
    assert.equal(withdrawn.code, 0, withdrawn.stderr);
    assert.match(withdrawn.stdout, /^withdrew 2\.5 tUSD in transaction 0x[0-9a-f]{64}$/m);
    assert.equal((await tokenBalance(clients, clients.account.address)) - before, 2_500_000n);
  },
);
