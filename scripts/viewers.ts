/**
 * Headless viewer simulator: N viewers of one stream, each with its own coordinator session,
 * relay list, failover and per-segment verification (the same client library the web player
 * uses), signing cumulative receipts for the relays it received bytes from. Prints a summary
 * line every few seconds and a total at the end.
 *
 *   npm run viewers -- --stream 0x... --count 50 [--duration 60] [--coordinator URL]
 *                      [--chain-id N] [--staking-address 0x...] [--relay URL ...]
 */
import { parseArgs } from "node:util";
import { relayStakingDomain } from "@streamrp2p/protocol/eip712";
import { address, hex32, httpUrl } from "@streamrp2p/protocol/primitives";
import { createViewer, type ViewerClient } from "@streamrp2p/client";

const HELP = `usage: npm run viewers -- --stream ID [options]

  --stream ID              stream id (0x + 64 hex)                 [STREAM_ID]
  --count N                number of simulated viewers (default 10)
  --duration S             stop after S seconds (default: until Ctrl-C)
  --coordinator URL        coordinator base URL                     [COORDINATOR_URL]
  --chain-id N             EIP-712 domain chain id                  [CHAIN_ID]
  --staking-address ADDR   RelayStaking address (domain)            [STAKING_ADDRESS]
  --relay URL              use these relays instead of the session's (repeatable; each
                           relay's operator address is read from its GET /status)
  --receipt-interval MS    how often receipts are signed and posted (default 2000; 0 = off)
  --ramp-ms MS             delay between viewer starts (default 50)
  --interval S             summary line period (default 5)
  -h, --help               this help
`;

const { values } = parseArgs({
  options: {
    stream: { type: "string" },
    count: { type: "string" },
    duration: { type: "string" },
    coordinator: { type: "string" },
    "chain-id": { type: "string" },
    "staking-address": { type: "string" },
    relay: { type: "string", multiple: true },
    "ramp-ms": { type: "string" },
    interval: { type: "string" },
    "receipt-interval": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

/** Validates one option with a protocol schema (the root's zod is another major version). */
function option<T>(
  name: string,
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    process.stderr.write(`invalid or missing --${name}: ${String(value)}\n\n${HELP}`);
    process.exit(2);
  }
  return result.data;
}
function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`invalid --${name}: ${value}\n\n${HELP}`);
    process.exit(2);
  }
  return n;
}

const options = {
  stream: option("stream", hex32, values.stream ?? process.env.STREAM_ID),
  count: integer("count", values.count, 10, 1),
  duration: values.duration === undefined ? undefined : integer("duration", values.duration, 0, 1),
  coordinator: option("coordinator", httpUrl, values.coordinator ?? process.env.COORDINATOR_URL),
  chainId: integer("chain-id", values["chain-id"] ?? process.env.CHAIN_ID, 0, 1),
  stakingAddress: option(
    "staking-address",
    address,
    values["staking-address"] ?? process.env.STAKING_ADDRESS,
  ),
  relay: values.relay?.map((url) => option("relay", httpUrl, url)),
  rampMs: integer("ramp-ms", values["ramp-ms"], 50, 0),
  interval: integer("interval", values.interval, 5, 1),
  receiptIntervalMs: integer("receipt-interval", values["receipt-interval"], 2000, 0),
};
const domain = relayStakingDomain(options.chainId, options.stakingAddress);

/** A chosen relay's operator address (receipts name it), from its GET /status. */
async function relayAddress(url: string): Promise<`0x${string}`> {
  try {
    const status = (await (await fetch(`${url.replace(/\/$/, "")}/status`)).json()) as {
      address?: unknown;
    };
    return option("relay", address, status.address);
  } catch (error) {
    process.stderr.write(`cannot read ${url}/status: ${(error as Error).message}\n`);
    process.exit(2);
  }
}
const chosenRelays = options.relay
  ? await Promise.all(
      options.relay.map(async (url) => ({ address: await relayAddress(url), url, tier: 0 })),
    )
  : undefined;

const viewers: ViewerClient[] = [];
const totals = {
  segments: 0,
  bytes: 0,
  failovers: 0,
  tampered: 0,
  errors: 0,
  fetchMs: 0,
  receipts: 0,
  receiptsFailed: 0,
};
const perRelay = new Map<string, number>();
const started = Date.now();

for (let i = 0; i < options.count; i++) {
  const viewer = createViewer({
    coordinatorUrl: options.coordinator,
    streamId: options.stream,
    domain,
    receiptIntervalMs: options.receiptIntervalMs,
    ...(chosenRelays ? { relays: chosenRelays } : {}),
  });
  viewer.on("receipt", (r) => {
    if (r.accepted) totals.receipts++;
    else totals.receiptsFailed++;
  });
  viewer.on("segment", (s) => {
    totals.segments++;
    totals.bytes += s.bytes.byteLength;
    totals.fetchMs += s.fetchMs;
    perRelay.set(s.relay.url, (perRelay.get(s.relay.url) ?? 0) + 1);
  });
  viewer.on("failover", (f) => {
    totals.failovers++;
    if (f.tampered) totals.tampered++;
    process.stdout.write(
      `viewer ${i}: failover ${f.from.url} -> ${f.to?.url ?? "none"}${f.tampered ? " (TAMPERED bytes)" : ""}: ${f.reason}\n`,
    );
  });
  viewer.on("error", (e) => {
    totals.errors++;
    process.stdout.write(`viewer ${i}: ${e.message}\n`);
  });
  try {
    await viewer.start();
    viewers.push(viewer);
  } catch (error) {
    totals.errors++;
    process.stdout.write(`viewer ${i}: cannot start: ${(error as Error).message}\n`);
  }
  if (options.rampMs) await new Promise((r) => setTimeout(r, options.rampMs));
}

const summary = () => {
  const seconds = (Date.now() - started) / 1000;
  const relays = [...perRelay].map(([url, n]) => `${url}=${n}`).join(" ");
  return (
    `${seconds.toFixed(0)}s viewers=${viewers.length} segments=${totals.segments} ` +
    `MB=${(totals.bytes / 1e6).toFixed(1)} Mbit/s=${((totals.bytes * 8) / 1e6 / seconds).toFixed(2)} ` +
    `avgFetchMs=${totals.segments ? (totals.fetchMs / totals.segments).toFixed(1) : "-"} ` +
    `failovers=${totals.failovers} tampered=${totals.tampered} errors=${totals.errors} ` +
    `receipts=${totals.receipts} receiptsFailed=${totals.receiptsFailed} [${relays}]\n`
  );
};
const timer = setInterval(() => process.stdout.write(summary()), options.interval * 1000);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  await Promise.all(viewers.map((v) => v.stop()));
  process.stdout.write(`total: ${summary()}`);
  process.exit(totals.errors > 0 && totals.segments === 0 ? 1 : 0);
}
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
if (options.duration) setTimeout(() => void stop(), options.duration * 1000);
