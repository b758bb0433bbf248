/**
 * The whole system on one machine, for the demo and the browser tests: Redis, a local OP-type
 * chain with the contracts deployed and funded, the coordinator, an origin, two relay tiers, a
 * generated test stream (ffmpeg over RTMP), simulated viewers, the advisors' MCP server (HTTP) and
 * the web app. Ports left out
 * are picked free; `stop()` ends everything this call started (also when start-up fails).
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { parseUnits, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  createChainClients,
  createCoordinatorClient,
  createOwnedStream,
  createPool,
  fundPool,
  linkOwnedPool,
  mintTestToken,
  registerStream,
  stake,
  type ChainClients,
} from "@streamrp2p/client";
import { listRelaysResponse } from "@streamrp2p/protocol";
import type { DeploymentFile } from "../deploy/deployment-file.ts";
import { REPO_ROOT, startChain, type LocalChain } from "./chain.ts";
import { deployLocal } from "./deploy-local.ts";
import { DEV_ROLES, devAccount } from "./dev-accounts.ts";
import { startRedisCluster, type RedisCluster } from "./redis-cluster.ts";
import { startRedis, type RedisServer } from "./redis-server.ts";
import { authorizedRelayKey, type RelayKey } from "./relay-keys.ts";
import {
  freePort,
  portInUse,
  spawnService,
  waitForHttp,
  waitUntil,
  type Service,
} from "./service.ts";

/** The test token's decimals (TestToken, "tUSD"). */
export const TOKEN_DECIMALS = 6;

export interface StackPorts {
  chain: number;
  coordinator: number;
  /** Tier-1 relay. */
  relay1: number;
  /** Tier-2 relay. */
  relay2: number;
  /** Origin HTTP (serves tier-1 relays). */
  origin: number;
  /** RTMP ingest. */
  rtmp: number;
  web: number;
  /** The advisors' MCP server (Streamable HTTP at /mcp). */
  advisor: number;
}

export interface StackOptions {
  /** Every port is optional: a free loopback port is picked for each one left out. */
  ports?: Partial<StackPorts>;
  /** Simulated viewers (scripts/viewers.ts). Default 3; 0 = none. */
  viewers?: number;
  /**
   * The relay tier (1 or 2) every simulated viewer watches, for tests that need one relay to
   * earn. Default: each viewer takes the relays its coordinator session ranks, once both tiers
   * carry the stream.
   */
  viewerTier?: 1 | 2;
  /** Epoch length. Default 20. */
  epochSeconds?: number;
  /** Publish a generated stream with ffmpeg. Default true. */
  testStream?: boolean;
  /** Serve the web app: `true` or "dev" = vite dev server, "preview" = vite build + preview, false = none. Default true. */
  web?: boolean | "dev" | "preview";
  /** Where each service writes `<name>.log` (and Redis its data, in `redis/`). */
  logDir: string;
  /**
   * Run the coordinator on a local Redis Cluster (3 primaries, 1 replica each) with
   * REDIS_WAIT_REPLICAS=1; the advisors keep the single redis-server. Default false.
   */
  redisCluster?: boolean;
  /** Extra coordinator environment (e.g. a higher RATE_LIMIT_MAX for tests). */
  coordinatorEnv?: Record<string, string>;
  /** Extra origin environment (e.g. shorter RTMP timeouts for the attack suite). */
  originEnv?: Record<string, string>;
  /** Extra VITE_* settings for the web app (e.g. VITE_EXPLORER_URL). */
  webEnv?: Record<string, string>;
  /** Called with each start-up step ("starting Redis …"). */
  onStep?: (line: string) => void;
  /** Called with problems that do not stop the start-up. */
  onWarning?: (line: string) => void;
}

export interface StackUrls {
  /** Undefined when the web app was not started. */
  web: string | undefined;
  coordinator: string;
  chain: string;
  origin: string;
  /** Tier 1, tier 2. */
  relays: [string, string];
  /** RTMP application URL; publish to `${rtmp}/${streamKey}`. */
  rtmp: string;
  /** The stream's playlist on the tier-2 relay, for any HLS player. */
  hls: string;
  /** The advisors' MCP endpoint (Streamable HTTP). */
  advisor: string;
}

export interface Stack {
  ports: StackPorts;
  urls: StackUrls;
  streamId: `0x${string}`;
  streamKey: string;
  /** The streamer's (dev account 1) pool, funded with 1,000 tUSD and bound to the stream. */
  poolId: bigint;
  deployment: DeploymentFile;
  chain: LocalChain;
  redis: RedisServer;
  /** The coordinator's Redis Cluster, when started with `redisCluster`. */
  redisCluster: RedisCluster | undefined;
  /** Dev account 0, which deployed and minted. */
  deployer: ChainClients;
  /** Operators of relay tier 1 and tier 2 (dev accounts 2 and 3), staked 100 tUSD each. */
  operators: [Address, Address];
  /** The hot keys relay tier 1 and tier 2 run with, authorized by those operators' wallets. */
  relayKeys: [Address, Address];
  /**
   * This run's generated keys, for the attack suite, which plays a malicious streamer (the origin
   * key) and a thief of a relay machine (a relay key). Fresh per run; never logged.
   */
  secrets: { originKey: `0x${string}`; relayKeys: [`0x${string}`, `0x${string}`] };
  /** The salt the stream was registered with (its id is streamIdOf(streamer, salt)). */
  streamSalt: `0x${string}`;
  /** Every service started (not the chain and Redis), in start order. */
  services: Service[];
  logFile(name: string): string;
  /** Stops everything this stack started, last started first. Safe to call twice. */
  stop(): Promise<void>;
}

const NODE = process.execPath;
const VITE = path.join(REPO_ROOT, "node_modules/.bin/vite");
const WEB_DIR = path.join(REPO_ROOT, "web");

async function resolvePorts(given: Partial<StackPorts>, web: boolean): Promise<StackPorts> {
  const busy = [];
  for (const [name, port] of Object.entries(given)) {
    if (port === undefined || (name === "web" && !web)) continue;
    if (await portInUse(port)) busy.push(`${name} port ${port}`);
  }
  if (busy.length > 0) {
    throw new Error(
      `already in use: ${busy.join(", ")}. Stop what holds them or pick other ports (--help).`,
    );
  }
  const taken = new Set(Object.values(given).filter((p): p is number => p !== undefined));
  const pick = async (port: number | undefined): Promise<number> => {
    if (port !== undefined) return port;
    for (;;) {
      const free = await freePort();
      if (!taken.has(free)) {
        taken.add(free);
        return free;
      }
    }
  };
  return {
    chain: await pick(given.chain),
    coordinator: await pick(given.coordinator),
    relay1: await pick(given.relay1),
    relay2: await pick(given.relay2),
    origin: await pick(given.origin),
    rtmp: await pick(given.rtmp),
    web: await pick(given.web),
    advisor: await pick(given.advisor),
  };
}

/** Brings the whole system up; on failure stops what it had started and rethrows. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const step = options.onStep ?? (() => {});
  const warn = options.onWarning ?? (() => {});
  const viewerCount = options.viewers ?? 3;
  const epochSeconds = options.epochSeconds ?? 20;
  const webMode = options.web === undefined || options.web === true ? "dev" : options.web;
  const { logDir } = options;
  mkdirSync(logDir, { recursive: true });
  const logFile = (name: string) => path.join(logDir, `${name}.log`);
  const ports = await resolvePorts(options.ports ?? {}, webMode !== false);

  const services: Service[] = [];
  let redis: RedisServer | undefined;
  let redisCluster: RedisCluster | undefined;
  let chain: LocalChain | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      for (const service of [...services].reverse()) await service.stop();
      await redis?.stop();
      await redisCluster?.stop();
      await chain?.stop();
    })();
    return stopped;
  };

  try {
    step("starting Redis (append-only) on a free loopback port");
    const redisDir = path.join(logDir, "redis");
    rmSync(redisDir, { recursive: true, force: true });
    mkdirSync(redisDir, { recursive: true });
    redis = await startRedis({ dir: redisDir, appendOnly: true });
    if (options.redisCluster) {
      step("starting a local Redis Cluster (3 primaries, 1 replica each) for the coordinator");
      redisCluster = await startRedisCluster({ log: logFile("redis-cluster") });
    }

    step(`starting a local OP-type chain on 127.0.0.1:${ports.chain}`);
    chain = await startChain({ port: ports.chain, log: logFile("chain") });

    // Fresh keys for this run, held only in memory and handed to the processes through env.
    const attestorKey = generatePrivateKey();
    const attestor = privateKeyToAccount(attestorKey);
    const originKey = generatePrivateKey();
    const origin = privateKeyToAccount(originKey);

    step("deploying RewardPools, RelayStaking and TestToken (Hardhat Ignition)");
    const deployment = deployLocal({ rpcUrl: chain.rpcUrl, attestors: [attestor.address] });
    const token = deployment.contracts.TestToken!;
    const { rpcUrl, chainId } = chain;
    const at = (index: number): ChainClients =>
      createChainClients({ rpcUrl, chainId, account: devAccount(index) });
    const deployer = at(DEV_ROLES.deployer);
    const streamer = at(DEV_ROLES.streamer);
    const operators = DEV_ROLES.operators.map(at);

    step("minting 10,000 tUSD to dev accounts 0-4");
    for (let i = 0; i <= 4; i++) {
      await mintTestToken(deployer, {
        to: devAccount(i).address,
        amount: parseUnits("10000", TOKEN_DECIMALS),
      });
    }
    step(
      "streamer (dev account 1) creates a pool (1 tUSD per MB) and funds it with 1,000 tUSD by permit",
    );
    const pool = await createPool(streamer, {
      token: token.address,
      ratePerGB: parseUnits("1000", TOKEN_DECIMALS),
      maxRatePerGB: parseUnits("2000", TOKEN_DECIMALS),
      epochBudget: 0n,
      noticePeriod: 3600,
    });
    await fundPool(streamer, {
      poolId: pool.poolId,
      amount: parseUnits("1000", TOKEN_DECIMALS),
    });
    step(
      "relay operators (dev accounts 2 and 3) stake 100 tUSD each by permit and authorize a fresh relay key",
    );
    const relayKeys: RelayKey[] = [];
    for (const operator of operators) {
      await stake(operator, { amount: parseUnits("100", TOKEN_DECIMALS) });
      relayKeys.push(await authorizedRelayKey(operator, deployer));
    }

    const coordinatorUrl = `http://127.0.0.1:${ports.coordinator}`;
    step(`starting the coordinator on ${coordinatorUrl} (epochs of ${epochSeconds} s)`);
    const coordinator = spawnService("coordinator", NODE, ["coordinator/src/main.ts"], {
      cwd: REPO_ROOT,
      log: logFile("coordinator"),
      env: {
        COORDINATOR_HOST: "127.0.0.1",
        COORDINATOR_PORT: String(ports.coordinator),
        ...(redisCluster
          ? {
              REDIS_CLUSTER_NODES: redisCluster.seeds.map((s) => `${s.host}:${s.port}`).join(","),
              REDIS_WAIT_REPLICAS: "1",
            }
          : { REDIS_URL: redis.url }),
        CHAIN_RPC_URL: chain.rpcUrl,
        CHAIN_ID: String(chain.chainId),
        STAKING_ADDRESS: deployment.contracts.RelayStaking.address,
        REWARD_POOLS_ADDRESS: deployment.contracts.RewardPools.address,
        ATTESTOR_PRIVATE_KEYS: attestorKey,
        EPOCH_SECONDS: String(epochSeconds),
        // Every process of the stack, viewers included, comes from 127.0.0.1: their receipts
        // must not be withheld as self-dealing for sharing the relays' address.
        ALLOW_LOOPBACK_VIEWERS: "true",
        ...options.coordinatorEnv,
      },
    });
    services.push(coordinator);
    await waitForHttp(`${coordinatorUrl}/healthz`, { service: coordinator, timeoutMs: 60_000 });

    const advisorUrl = `http://127.0.0.1:${ports.advisor}`;
    step(`starting the advisors' MCP server on ${advisorUrl}/mcp`);
    const advisor = spawnService(
      "advisor",
      NODE,
      ["advisor/src/cli.ts", "http", "--host", "127.0.0.1", "--port", String(ports.advisor)],
      {
        cwd: REPO_ROOT,
        log: logFile("advisor"),
        env: {
          COORDINATOR_URL: coordinatorUrl,
          ADVISOR_REDIS_URL: redis.url,
          ADVISOR_HISTORY_DIR: path.join(logDir, "consultations"),
          CHAIN_RPC_URL: chain.rpcUrl,
          CHAIN_ID: String(chain.chainId),
          STAKING_ADDRESS: deployment.contracts.RelayStaking.address,
          REWARD_POOLS_ADDRESS: deployment.contracts.RewardPools.address,
        },
      },
    );
    services.push(advisor);
    await waitForHttp(`${advisorUrl}/healthz`, { service: advisor, timeoutMs: 60_000 });

    const coordinatorClient = createCoordinatorClient({ baseUrl: coordinatorUrl });
    const streamerAccount = devAccount(DEV_ROLES.streamer);
    step("streamer signs the stream's creation, registers it on-chain and signs the pool link");
    const created = await createOwnedStream(coordinatorClient, streamerAccount, {
      chainId,
      name: "StreamrP2P demo",
      originAddress: origin.address,
      now: Date.now(),
    });
    await registerStream(streamer, { salt: created.salt, originSigner: origin.address });
    await linkOwnedPool(coordinatorClient, streamerAccount, {
      chainId,
      streamId: created.streamId,
      poolId: pool.poolId,
      now: Date.now(),
    }).catch((error: unknown) =>
      warn(`WARNING binding pool #${pool.poolId} to the stream: ${String(error)}`),
    );

    const common = [
      "--coordinator",
      coordinatorUrl,
      "--chain-id",
      String(chain.chainId),
      "--staking-address",
      deployment.contracts.RelayStaking.address,
    ];
    step("starting the origin and two relay tiers");
    // A fresh chain and coordinator: the origin's journal starts fresh too.
    const originDataDir = path.join(logDir, "origin-data");
    rmSync(originDataDir, { recursive: true, force: true });
    const originUrl = `http://127.0.0.1:${ports.origin}`;
    const originService = spawnService(
      "origin",
      NODE,
      [
        "node/src/cli.ts",
        "origin",
        ...common,
        "--rtmp-port",
        String(ports.rtmp),
        "--http-port",
        String(ports.origin),
        "--data-dir",
        originDataDir,
      ],
      {
        cwd: REPO_ROOT,
        log: logFile("origin"),
        env: { ...options.originEnv, ORIGIN_PRIVATE_KEY: originKey },
      },
    );
    services.push(originService);
    await waitForHttp(`${originUrl}/health`, { service: originService, timeoutMs: 60_000 });
    const relayUrls: [string, string] = [
      `http://127.0.0.1:${ports.relay1}`,
      `http://127.0.0.1:${ports.relay2}`,
    ];
    const relayPorts = [ports.relay1, ports.relay2];
    const relayUpstreams = [[originUrl], [relayUrls[0], originUrl]];
    for (const [i, url] of relayUrls.entries()) {
      const relay = spawnService(
        `relay-${i + 1}`,
        NODE,
        [
          "node/src/cli.ts",
          "relay",
          ...common,
          "--tier",
          String(i + 1),
          "--rpc-url",
          chain.rpcUrl,
          "--http-port",
          String(relayPorts[i]),
          "--no-upnp", // loopback only: no UPnP search on the machine's network
          ...relayUpstreams[i]!.flatMap((u) => ["--upstream", u]),
        ],
        {
          cwd: REPO_ROOT,
          log: logFile(`relay-${i + 1}`),
          env: { RELAY_PRIVATE_KEY: relayKeys[i]!.privateKey },
        },
      );
      services.push(relay);
      await waitForHttp(`${url}/health`, { service: relay, timeoutMs: 60_000 });
    }

    const rtmpUrl = `rtmp://127.0.0.1:${ports.rtmp}/live`;
    if (options.testStream ?? true) {
      step("publishing a generated test stream with ffmpeg over RTMP");
      services.push(
        spawnService(
          "ffmpeg",
          "ffmpeg",
          [
            ...["-hide_banner", "-loglevel", "warning", "-re"],
            ...["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30"],
            ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"],
            ...[
              "-c:v",
              "libx264",
              "-preset",
              "veryfast",
              "-tune",
              "zerolatency",
              "-g",
              "30",
              "-pix_fmt",
              "yuv420p",
            ],
            ...["-c:a", "aac", "-b:a", "64k", "-f", "flv", `${rtmpUrl}/${created.streamKey}`],
          ],
          { log: logFile("ffmpeg") },
        ),
      );
    }
    if (viewerCount > 0) {
      const pinned = options.viewerTier === undefined ? [] : [relayUrls[options.viewerTier - 1]!];
      if (options.testStream ?? true) {
        // A session ranks first the relays the coordinator knows to carry the stream (their
        // heartbeats), and credits receipts only for the relays it lists: viewers started
        // earlier would all land on whichever tier reported first, or on one that answers 404
        // and fail over for good.
        const watched = pinned.length > 0 ? pinned : relayUrls;
        step(
          `waiting until the coordinator sees ${watched.length > 1 ? "both relay tiers" : `relay tier ${options.viewerTier}`} carry the stream`,
        );
        await waitUntil(
          "the viewers' relays carrying the stream in the coordinator's relay list",
          async () => carryingRelays(coordinatorUrl, created.streamId, watched),
          { timeoutMs: 60_000, intervalMs: 250 },
        );
      }
      step(
        `starting ${viewerCount} simulated viewers${pinned.length > 0 ? ` on relay tier ${options.viewerTier}` : ""}`,
      );
      services.push(
        spawnService(
          "viewers",
          NODE,
          [
            "scripts/viewers.ts",
            "--stream",
            created.streamId,
            "--count",
            String(viewerCount),
            ...pinned.flatMap((url) => ["--relay", url]),
            ...common,
          ],
          { cwd: REPO_ROOT, log: logFile("viewers") },
        ),
      );
    }
    const webUrl = `http://127.0.0.1:${ports.web}`;
    if (webMode !== false) {
      step(`starting the web app on ${webUrl}`);
      const env = {
        VITE_CHAIN_ID: String(chain.chainId),
        VITE_RPC_URL: chain.rpcUrl,
        VITE_COORDINATOR_URL: coordinatorUrl,
        ...options.webEnv,
      };
      const serveArgs = ["--host", "127.0.0.1", "--port", String(ports.web), "--strictPort"];
      let web: Service;
      if (webMode === "preview") {
        // A private output folder, so this never touches web/dist.
        const outDir = path.join(logDir, "web-dist");
        const build = spawnService(
          "web-build",
          VITE,
          ["build", "--outDir", outDir, "--emptyOutDir"],
          {
            cwd: WEB_DIR,
            log: logFile("web-build"),
            env,
          },
        );
        const code = await new Promise<number | null>((resolve) =>
          build.child.once("exit", resolve),
        );
        await build.stop();
        if (code !== 0) throw new Error(`vite build failed (${code}):\n${build.output()}`);
        web = spawnService("web", VITE, ["preview", "--outDir", outDir, ...serveArgs], {
          cwd: WEB_DIR,
          log: logFile("web"),
          env,
        });
      } else {
        web = spawnService("web", VITE, serveArgs, { cwd: WEB_DIR, log: logFile("web"), env });
      }
      services.push(web);
      await waitForHttp(webUrl, { service: web, timeoutMs: 90_000 });
    }

    return {
      ports,
      urls: {
        web: webMode === false ? undefined : webUrl,
        coordinator: coordinatorUrl,
        chain: chain.rpcUrl,
        origin: originUrl,
        relays: relayUrls,
        rtmp: rtmpUrl,
        hls: `${relayUrls[1]}/streams/${created.streamId}/index.m3u8`,
        advisor: `${advisorUrl}/mcp`,
      },
      streamId: created.streamId,
      streamKey: created.streamKey,
      poolId: pool.poolId,
      deployment,
      chain,
      redis,
      redisCluster,
      deployer,
      operators: [operators[0]!.account.address, operators[1]!.account.address],
      relayKeys: [relayKeys[0]!.account.address, relayKeys[1]!.account.address],
      secrets: { originKey, relayKeys: [relayKeys[0]!.privateKey, relayKeys[1]!.privateKey] },
      streamSalt: created.salt,
      services,
      logFile,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Whether the coordinator lists every relay of `urls` as live and carrying `streamId`. */
async function carryingRelays(
  coordinatorUrl: string,
  streamId: string,
  urls: readonly string[],
): Promise<boolean> {
  const { relays } = listRelaysResponse.parse(
    await (await fetch(`${coordinatorUrl}/v1/relays`)).json(),
  );
  const id = streamId.toLowerCase();
  return urls.every((url) =>
    relays.some((r) => r.url === url && r.live && r.streams.some((s) => s.toLowerCase() === id)),
  );
}
