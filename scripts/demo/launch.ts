/**
 * The whole system on one machine: Redis, a local OP-type chain with the contracts deployed
 * and funded, the coordinator, an origin, two relay tiers, a generated test stream (or your
 * own over RTMP), simulated viewers and the web app. Prints every URL, the dev accounts for
 * a browser wallet and a live summary. Ctrl-C stops everything it started.
 *
 *   bash scripts/demo.sh [options]      (installs what it needs, then runs this)
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatUnits, parseUnits, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createChainClients, type ChainClients } from "../../node/src/chain/clients.ts";
import { createPool, fundPool } from "../../node/src/chain/pools.ts";
import { send } from "../../node/src/chain/send.ts";
import { stake } from "../../node/src/chain/staking.ts";
import { REPO_ROOT, startChain } from "../lib/chain.ts";
import { deployLocal } from "../lib/deploy-local.ts";
import { DEV_ROLES, devAccount, devPrivateKey } from "../lib/dev-accounts.ts";
import { startRedis } from "../lib/redis-server.ts";
import { portInUse, spawnService, stopAll, waitForHttp, type Service } from "../lib/service.ts";
import { runSummary } from "./summary.ts";

const HELP = `usage: bash scripts/demo.sh [options]

Brings up the whole StreamrP2P system locally and keeps it running until Ctrl-C.

options (every port can be overridden; relays take consecutive ports from --relay-port):
  --chain-port N         local chain JSON-RPC            (default 8545)
  --coordinator-port N   coordinator HTTP API            (default 8080)
  --relay-port N         first relay; tier 1 = N, tier 2 = N+1 (default 8081)
  --origin-port N        origin HTTP (serves tier-1 relays) (default 8079)
  --rtmp-port N          RTMP ingest                     (default 1935)
  --web-port N           web app                         (default 5173)
  --viewers N            simulated viewers               (default 3; 0 = none)
  --epoch-seconds N      epoch length                    (default 20)
  --no-test-stream       do not publish a generated stream: push your own with OBS/ffmpeg
  --no-web               do not start the web app
  --exit-after S         stop everything after S seconds (for smoke tests)
  -h, --help             this help
Logs of every service: .run/demo/*.log`;

const { values } = parseArgs({
  options: {
    "chain-port": { type: "string", default: "8545" },
    "coordinator-port": { type: "string", default: "8080" },
    "relay-port": { type: "string", default: "8081" },
    "origin-port": { type: "string", default: "8079" },
    "rtmp-port": { type: "string", default: "1935" },
    "web-port": { type: "string", default: "5173" },
    viewers: { type: "string", default: "3" },
    "epoch-seconds": { type: "string", default: "20" },
    "no-test-stream": { type: "boolean", default: false },
    "no-web": { type: "boolean", default: false },
    "exit-after": { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}

function intFlag(name: keyof typeof values, min: number, max: number): number {
  const raw = values[name];
  const n = Number(raw);
  if (typeof raw !== "string" || !Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`--${name} must be an integer from ${min} to ${max}, got ${String(raw)}\n`);
    process.exit(2);
  }
  return n;
}
const ports = {
  chain: intFlag("chain-port", 1, 65535),
  coordinator: intFlag("coordinator-port", 1, 65535),
  relay1: intFlag("relay-port", 1, 65534),
  relay2: intFlag("relay-port", 1, 65534) + 1,
  origin: intFlag("origin-port", 1, 65535),
  rtmp: intFlag("rtmp-port", 1, 65535),
  web: intFlag("web-port", 1, 65535),
};
const viewerCount = intFlag("viewers", 0, 500);
const epochSeconds = intFlag("epoch-seconds", 2, 86_400);
const exitAfter = values["exit-after"] === undefined ? undefined : intFlag("exit-after", 1, 86_400);

const say = (line: string) => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`\x1b[1;34m==>\x1b[0m ${line}`);
const LOG_DIR = path.join(REPO_ROOT, ".run/demo");
mkdirSync(LOG_DIR, { recursive: true });
const logFile = (name: string) => path.join(LOG_DIR, `${name}.log`);
const NODE = process.execPath;
const DECIMALS = 6;

let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say("\nstopping everything the demo started...");
    await stopAll();
    say("stopped.");
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

async function main() {
  const webPorts = values["no-web"] ? [] : [ports.web];
  const busy = [];
  for (const [name, port] of Object.entries({ ...ports, web: webPorts[0] })) {
    if (port !== undefined && (await portInUse(port))) busy.push(`${name} port ${port}`);
  }
  if (busy.length > 0) {
    throw new Error(`already in use: ${busy.join(", ")}. Stop what holds them or pick other ports (--help).`);
  }

  step("starting Redis (append-only) on a free loopback port");
  const redisDir = path.join(LOG_DIR, "redis");
  rmSync(redisDir, { recursive: true, force: true });
  mkdirSync(redisDir, { recursive: true });
  const redis = await startRedis({ dir: redisDir, appendOnly: true });

  step(`starting a local OP-type chain on 127.0.0.1:${ports.chain}`);
  const chain = await startChain({ port: ports.chain, log: logFile("chain") });

  // Fresh keys for this run, held only in memory and handed to the processes through env.
  const attestorKey = generatePrivateKey();
  const attestor = privateKeyToAccount(attestorKey);
  const originKey = generatePrivateKey();
  const origin = privateKeyToAccount(originKey);

  step("deploying RewardPools, RelayStaking and TestToken (Hardhat Ignition)");
  const deployment = deployLocal({ rpcUrl: chain.rpcUrl, attestors: [attestor.address] });
  const token = deployment.contracts.TestToken!;
  const at = (index: number): ChainClients =>
    createChainClients({ rpcUrl: chain.rpcUrl, chainId: chain.chainId, account: devAccount(index) });
  const deployer = at(DEV_ROLES.deployer);
  const streamer = at(DEV_ROLES.streamer);
  const operators = DEV_ROLES.operators.map(at);

  step("minting 10,000 tUSD to dev accounts 0-4");
  for (let i = 0; i <= 4; i++) {
    await send(deployer, "mint", {
      address: token.address,
      abi: token.abi,
      functionName: "mint",
      args: [devAccount(i).address, parseUnits("10000", DECIMALS)],
    });
  }
  step("streamer (dev account 1) creates a pool (1 tUSD per MB) and funds it with 1,000 tUSD by permit");
  const pool = await createPool(streamer, {
    token: token.address,
    ratePerGB: parseUnits("1000", DECIMALS),
    maxRatePerGB: parseUnits("2000", DECIMALS),
    epochBudget: 0n,
    noticePeriod: 3600,
  });
  await fundPool(streamer, pool.poolId, token.address, parseUnits("1000", DECIMALS));
  step("relay operators (dev accounts 2 and 3) stake 100 tUSD each by permit");
  for (const operator of operators) await stake(operator, parseUnits("100", DECIMALS));

  const coordinatorUrl = `http://127.0.0.1:${ports.coordinator}`;
  step(`starting the coordinator on ${coordinatorUrl} (epochs of ${epochSeconds} s)`);
  const services: Service[] = [];
  const coordinator = spawnService("coordinator", NODE, ["coordinator/src/main.ts"], {
    cwd: REPO_ROOT,
    log: logFile("coordinator"),
    env: {
      COORDINATOR_HOST: "127.0.0.1",
      COORDINATOR_PORT: String(ports.coordinator),
      REDIS_URL: redis.url,
      CHAIN_RPC_URL: chain.rpcUrl,
      CHAIN_ID: String(chain.chainId),
      STAKING_ADDRESS: deployment.contracts.RelayStaking.address,
      REWARD_POOLS_ADDRESS: deployment.contracts.RewardPools.address,
      ATTESTOR_PRIVATE_KEYS: attestorKey,
      EPOCH_SECONDS: String(epochSeconds),
      // Every demo process, viewers included, comes from 127.0.0.1.
      TRUST_LOOPBACK_VIEWERS: "true",
    },
  });
  services.push(coordinator);
  await waitForHttp(`${coordinatorUrl}/healthz`, { service: coordinator, timeoutMs: 60_000 });

  const created = await postJson<{ streamId: `0x${string}`; streamKey: string }>(`${coordinatorUrl}/v1/streams`, {
    name: "StreamrP2P demo",
    originAddress: origin.address,
    ownerAddress: streamer.account.address,
  });
  await send(streamer, "registerStream", {
    address: deployment.contracts.RelayStaking.address,
    abi: deployment.contracts.RelayStaking.abi,
    functionName: "registerStream",
    args: [created.streamId, origin.address],
  });
  const bound = await fetch(`${coordinatorUrl}/v1/streams/${created.streamId}/pools`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ poolId: pool.poolId.toString() }),
  });
  if (!bound.ok) say(`WARNING binding pool #${pool.poolId} to the stream: HTTP ${bound.status} ${await bound.text()}`);

  const common = [
    "--coordinator",
    coordinatorUrl,
    "--chain-id",
    String(chain.chainId),
    "--staking-address",
    deployment.contracts.RelayStaking.address,
  ];
  step("starting the origin and two relay tiers");
  const originUrl = `http://127.0.0.1:${ports.origin}`;
  const originService = spawnService(
    "origin",
    NODE,
    ["node/src/cli.ts", "origin", ...common, "--rtmp-port", String(ports.rtmp), "--http-port", String(ports.origin)],
    { cwd: REPO_ROOT, log: logFile("origin"), env: { ORIGIN_PRIVATE_KEY: originKey } },
  );
  services.push(originService);
  await waitForHttp(`${originUrl}/health`, { service: originService, timeoutMs: 60_000 });
  const relayUrls = [`http://127.0.0.1:${ports.relay1}`, `http://127.0.0.1:${ports.relay2}`];
  const relayUpstreams = [[originUrl], [relayUrls[0]!, originUrl]];
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
        "--http-port",
        String(i === 0 ? ports.relay1 : ports.relay2),
        ...relayUpstreams[i]!.flatMap((u) => ["--upstream", u]),
      ],
      {
        cwd: REPO_ROOT,
        log: logFile(`relay-${i + 1}`),
        env: { OPERATOR_PRIVATE_KEY: devPrivateKey(DEV_ROLES.operators[i]!) },
      },
    );
    services.push(relay);
    await waitForHttp(`${url}/health`, { service: relay, timeoutMs: 60_000 });
  }

  const rtmpUrl = `rtmp://127.0.0.1:${ports.rtmp}/live`;
  if (!values["no-test-stream"]) {
    step("publishing a generated test stream with ffmpeg over RTMP");
    services.push(
      spawnService(
        "ffmpeg",
        "ffmpeg",
        [
          ...["-hide_banner", "-loglevel", "warning", "-re"],
          ...["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30"],
          ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"],
          ...["-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "30", "-pix_fmt", "yuv420p"],
          ...["-c:a", "aac", "-b:a", "64k", "-f", "flv", `${rtmpUrl}/${created.streamKey}`],
        ],
        { log: logFile("ffmpeg") },
      ),
    );
  }
  if (viewerCount > 0) {
    step(`starting ${viewerCount} simulated viewers`);
    services.push(
      spawnService(
        "viewers",
        NODE,
        ["scripts/viewers.ts", "--stream", created.streamId, "--count", String(viewerCount), ...common],
        { cwd: REPO_ROOT, log: logFile("viewers") },
      ),
    );
  }
  const webUrl = `http://127.0.0.1:${ports.web}`;
  if (!values["no-web"]) {
    step(`starting the web app on ${webUrl}`);
    const web = spawnService(
      "web",
      path.join(REPO_ROOT, "node_modules/.bin/vite"),
      ["--host", "127.0.0.1", "--port", String(ports.web), "--strictPort"],
      {
        cwd: path.join(REPO_ROOT, "web"),
        log: logFile("web"),
        env: {
          VITE_CHAIN_ID: String(chain.chainId),
          VITE_RPC_URL: chain.rpcUrl,
          VITE_COORDINATOR_URL: coordinatorUrl,
        },
      },
    );
    services.push(web);
    await waitForHttp(webUrl, { service: web, timeoutMs: 90_000 });
  }

  say(`
\x1b[1mStreamrP2P is running.\x1b[0m
  web app        ${values["no-web"] ? "(not started: --no-web)" : `${webUrl}   watch: ${webUrl}/#/watch/${created.streamId}`}
  coordinator    ${coordinatorUrl}   (API: ${coordinatorUrl}/openapi.json, metrics: /metrics)
  chain          ${chain.rpcUrl}   chain id ${chain.chainId}
  origin         ${originUrl}/status
  relays         tier 1 ${relayUrls[0]}/status   tier 2 ${relayUrls[1]}/status
  HLS (any player) ${relayUrls[1]}/streams/${created.streamId}/index.m3u8
  stream         ${created.streamId}
  RTMP for OBS   server ${rtmpUrl}   stream key ${created.streamKey}
  pool           #${pool.poolId} (${token.address} tUSD), RewardPools ${deployment.contracts.RewardPools.address}
  logs           ${path.relative(process.cwd(), LOG_DIR)}/*.log

Dev accounts (Hardhat's public test keys: import into a browser wallet, local chain ${chain.chainId} only):
${[0, 1, 2, 3, 4]
  .map((i) => {
    const role = i === 0 ? "deployer" : i === 1 ? "streamer" : i === 4 ? "supporter" : `relay operator (tier ${i - 1})`;
    return `  #${i} ${devAccount(i).address}  ${devPrivateKey(i)}  ${role}`;
  })
  .join("\n")}

Claim a relay's earnings from the CLI:
  OPERATOR_PRIVATE_KEY=${devPrivateKey(DEV_ROLES.operators[0])} node node/src/cli.ts claim --coordinator ${coordinatorUrl} --rpc-url ${chain.rpcUrl} --chain-id ${chain.chainId}
Ctrl-C stops everything.
`);

  const stopSummary = runSummary({
    coordinatorUrl,
    streamId: created.streamId,
    poolId: pool.poolId,
    operators: operators.map((o) => o.account.address as Address),
    clients: deployer,
    every: 5_000,
    say,
    format: (v: bigint) => formatUnits(v, DECIMALS),
  });
  for (const service of services) {
    service.child.once("exit", (code) => {
      if (!stopping) say(`\x1b[31m${service.name} exited (${code}); see ${logFile(service.name)}\x1b[0m`);
    });
  }
  if (exitAfter !== undefined) {
    setTimeout(() => {
      stopSummary();
      void shutdown(0);
    }, exitAfter * 1_000);
  }
}

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

main().catch(async (error: unknown) => {
  process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
});
