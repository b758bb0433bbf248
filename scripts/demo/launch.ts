/**
 * The whole system on one machine: Redis, a local OP-type chain with the contracts deployed
 * and funded, the coordinator, an origin, two relay tiers, a generated test stream (or your
 * own over RTMP), simulated viewers and the web app. Prints every URL, the dev accounts for
 * a browser wallet and a live summary. Ctrl-C stops everything it started.
 *
 *   bash scripts/demo.sh [options]      (installs what it needs, then runs this)
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatUnits } from "viem";
import { REPO_ROOT } from "../lib/chain.ts";
import { DEV_ROLES, devAccount, devPrivateKey } from "../lib/dev-accounts.ts";
import { stopAll } from "../lib/service.ts";
import { startStack, TOKEN_DECIMALS } from "../lib/stack.ts";
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
  --advisor-port N       advisors' MCP server (HTTP)     (default 8090)
  --viewers N            simulated viewers               (default 3; 0 = none)
  --epoch-seconds N      epoch length                    (default 20)
  --no-test-stream       do not publish a generated stream: push your own with OBS/ffmpeg
  --no-web               do not start the web app
  --redis-cluster        run the coordinator on a local Redis Cluster (3 primaries, 1 replica
                         each, REDIS_WAIT_REPLICAS=1) instead of one redis-server
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
    "advisor-port": { type: "string", default: "8090" },
    viewers: { type: "string", default: "3" },
    "epoch-seconds": { type: "string", default: "20" },
    "no-test-stream": { type: "boolean", default: false },
    "no-web": { type: "boolean", default: false },
    "redis-cluster": { type: "boolean", default: false },
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
    process.stderr.write(
      `--${name} must be an integer from ${min} to ${max}, got ${String(raw)}\n`,
    );
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
  advisor: intFlag("advisor-port", 1, 65535),
};
const viewerCount = intFlag("viewers", 0, 500);
const epochSeconds = intFlag("epoch-seconds", 2, 86_400);
const exitAfter = values["exit-after"] === undefined ? undefined : intFlag("exit-after", 1, 86_400);

const say = (line: string) => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`\x1b[1;34m==>\x1b[0m ${line}`);
const LOG_DIR = path.join(REPO_ROOT, ".run/demo");
mkdirSync(LOG_DIR, { recursive: true });
const logFile = (name: string) => path.join(LOG_DIR, `${name}.log`);

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
  const stack = await startStack({
    ports,
    viewers: viewerCount,
    epochSeconds,
    testStream: !values["no-test-stream"],
    web: !values["no-web"],
    redisCluster: values["redis-cluster"],
    logDir: LOG_DIR,
    onStep: step,
    onWarning: say,
  });
  const { urls, chain, deployment, streamId, streamKey, poolId } = stack;
  const token = deployment.contracts.TestToken!;
  const webUrl = `http://127.0.0.1:${ports.web}`;

  say(`
\x1b[1mStreamrP2P is running.\x1b[0m
  web app        ${values["no-web"] ? "(not started: --no-web)" : `${webUrl}   watch: ${webUrl}/#/watch/${streamId}`}
  coordinator    ${urls.coordinator}   (API: ${urls.coordinator}/openapi.json, metrics: /metrics)
  chain          ${chain.rpcUrl}   chain id ${chain.chainId}
  advisors (MCP) ${urls.advisor}   (Streamable HTTP; metrics: ${urls.advisor.replace(/\/mcp$/, "")}/metrics; see advisor/README.md)
  origin         ${urls.origin}/status
  relays         tier 1 ${urls.relays[0]}/status   tier 2 ${urls.relays[1]}/status
  HLS (any player) ${urls.hls}
  stream         ${streamId}
  RTMP for OBS   server ${urls.rtmp}   stream key ${streamKey}
  pool           #${poolId} (${token.address} tUSD), RewardPools ${deployment.contracts.RewardPools.address}
  logs           ${path.relative(process.cwd(), LOG_DIR)}/*.log

Dev accounts (Hardhat's public test keys: import into a browser wallet, local chain ${chain.chainId} only):
${[0, 1, 2, 3, 4]
  .map((i) => {
    const role =
      i === 0
        ? "deployer"
        : i === 1
          ? "streamer"
          : i === 4
            ? "supporter"
            : `relay operator (tier ${i - 1})`;
    return `  #${i} ${devAccount(i).address}  ${devPrivateKey(i)}  ${role}`;
  })
  .join("\n")}

Claim a relay's earnings from the CLI:
  OPERATOR_PRIVATE_KEY=${devPrivateKey(DEV_ROLES.operators[0])} node node/src/cli.ts claim --coordinator ${urls.coordinator} --rpc-url ${chain.rpcUrl} --chain-id ${chain.chainId}
Ctrl-C stops everything.
`);

  const stopSummary = runSummary({
    coordinatorUrl: urls.coordinator,
    streamId,
    poolId,
    operators: stack.operators,
    clients: stack.deployer,
    every: 5_000,
    say,
    format: (v: bigint) => formatUnits(v, TOKEN_DECIMALS),
  });
  for (const service of stack.services) {
    service.child.once("exit", (code) => {
      if (!stopping)
        say(`\x1b[31m${service.name} exited (${code}); see ${logFile(service.name)}\x1b[0m`);
    });
  }
  if (exitAfter !== undefined) {
    setTimeout(() => {
      stopSummary();
      void shutdown(0);
    }, exitAfter * 1_000);
  }
}

main().catch(async (error: unknown) => {
  process.stderr.write(
    `\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  await shutdown(1);
});
