/**
 * Configuration for both modes: one table of options drives the flags, the environment
 * variables, the --help text and the zod validation. Precedence: flags, then environment,
 * then the JSON file given with --config, then defaults. Validated once, then frozen. Keys
 * are not configuration: they come from ORIGIN_PRIVATE_KEY / RELAY_PRIVATE_KEY (alias
 * OPERATOR_PRIVATE_KEY) or a keystore.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { address, hex32, httpUrl } from "@streamrp2p/protocol/primitives";
import { releaseVersion } from "@streamrp2p/protocol/release-manifest";

export type Mode = "origin" | "relay";

interface OptionSpec {
  key: string;
  flag: string;
  env?: string;
  multiple?: boolean;
  boolean?: boolean;
  arg?: string;
  help: string;
  modes: readonly Mode[];
}

const BOTH = ["origin", "relay"] as const;

export const OPTIONS: readonly OptionSpec[] = [
  {
    key: "coordinatorUrl",
    flag: "coordinator",
    env: "COORDINATOR_URL",
    arg: "URL",
    help: "coordinator base URL",
    modes: BOTH,
  },
  {
    key: "chainId",
    flag: "chain-id",
    env: "CHAIN_ID",
    arg: "N",
    help: "chain id of the EIP-712 domain",
    modes: BOTH,
  },
  {
    key: "stakingAddress",
    flag: "staking-address",
    env: "STAKING_ADDRESS",
    arg: "ADDR",
    help: "RelayStaking address (EIP-712 verifying contract)",
    modes: BOTH,
  },
  {
    key: "host",
    flag: "host",
    env: "HTTP_HOST",
    arg: "HOST",
    help: "HTTP listen address (default 0.0.0.0)",
    modes: BOTH,
  },
  {
    key: "httpPort",
    flag: "http-port",
    env: "HTTP_PORT",
    arg: "PORT",
    help: "HTTP port for HLS and /status (default 8081 origin, 8090 relay; 0 = any)",
    modes: BOTH,
  },
  {
    key: "publicUrl",
    flag: "public-url",
    env: "PUBLIC_URL",
    arg: "URL",
    help: "base URL others reach this node at; on a relay it overrides UPnP (default: origin http://127.0.0.1:PORT; relay the UPnP-mapped address, else http://127.0.0.1:PORT)",
    modes: BOTH,
  },
  {
    key: "upnp",
    flag: "upnp",
    env: "UPNP",
    boolean: true,
    help: "without --public-url, map the HTTP port on the home router by UPnP IGD and advertise the router's external address (default on; --no-upnp: off)",
    modes: ["relay"],
  },
  {
    key: "cacheMb",
    flag: "cache-mb",
    env: "CACHE_MB",
    arg: "MB",
    help: "segment cache bound in MiB (default 256)",
    modes: BOTH,
  },
  {
    key: "playlistSize",
    flag: "playlist-size",
    env: "PLAYLIST_SIZE",
    arg: "N",
    help: "segments listed in the live playlist (default 6)",
    modes: BOTH,
  },
  {
    key: "statusIntervalMs",
    flag: "status-interval",
    env: "STATUS_INTERVAL_MS",
    arg: "MS",
    help: "status log line period (default 10000; 0 = off)",
    modes: BOTH,
  },
  {
    key: "logLevel",
    flag: "log-level",
    env: "LOG_LEVEL",
    arg: "LEVEL",
    help: "trace|debug|info|warn|error (default info)",
    modes: BOTH,
  },
  {
    key: "keystore",
    flag: "keystore",
    env: "KEYSTORE_FILE",
    arg: "FILE",
    help: "encrypted v3 keystore instead of the key env var (password: KEYSTORE_PASSWORD)",
    modes: BOTH,
  },
  {
    key: "tlsCert",
    flag: "tls-cert",
    env: "TLS_CERT_FILE",
    arg: "FILE",
    help: "serve HTTPS: PEM certificate chain (with --tls-key; else plain HTTP)",
    modes: BOTH,
  },
  {
    key: "tlsKey",
    flag: "tls-key",
    env: "TLS_KEY_FILE",
    arg: "FILE",
    help: "serve HTTPS: PEM private key of --tls-cert",
    modes: BOTH,
  },
  {
    key: "rtmpHost",
    flag: "rtmp-host",
    env: "RTMP_HOST",
    arg: "HOST",
    help: "RTMP listen address (default 0.0.0.0)",
    modes: ["origin"],
  },
  {
    key: "rtmpPort",
    flag: "rtmp-port",
    env: "RTMP_PORT",
    arg: "PORT",
    help: "RTMP port (default 1935; 0 = any)",
    modes: ["origin"],
  },
  {
    key: "segmentSeconds",
    flag: "segment-seconds",
    env: "SEGMENT_SECONDS",
    arg: "S",
    help: "HLS segment duration (default 1)",
    modes: ["origin"],
  },
  {
    key: "partSeconds",
    flag: "part-seconds",
    env: "PART_SECONDS",
    arg: "S",
    help: "LL-HLS part duration (default 0.25; at most the segment duration)",
    modes: ["origin"],
  },
  {
    key: "video",
    flag: "video",
    env: "VIDEO_MODE",
    arg: "MODE",
    help: "x264 (re-encode, keyframe every segment; default) or copy (input GOP must match)",
    modes: ["origin"],
  },
  {
    key: "ffmpegPath",
    flag: "ffmpeg",
    env: "FFMPEG_PATH",
    arg: "PATH",
    help: "ffmpeg binary (default ffmpeg)",
    modes: ["origin"],
  },
  {
    key: "workDir",
    flag: "work-dir",
    env: "WORK_DIR",
    arg: "DIR",
    help: "scratch directory for ffmpeg output (default: a temp dir)",
    modes: ["origin"],
  },
  {
    key: "dataDir",
    flag: "data-dir",
    env: "ORIGIN_DATA_DIR",
    arg: "DIR",
    help: "durable state: each stream's next sequence and signed entries not yet published (required; keep it across restarts)",
    modes: ["origin"],
  },
  {
    key: "rtmpMaxConnections",
    flag: "rtmp-max-connections",
    env: "RTMP_MAX_CONNECTIONS",
    arg: "N",
    help: "RTMP connections at once; more are closed at accept (default 64)",
    modes: ["origin"],
  },
  {
    key: "rtmpMaxConnectionsPerIp",
    flag: "rtmp-max-connections-per-ip",
    env: "RTMP_MAX_CONNECTIONS_PER_IP",
    arg: "N",
    help: "RTMP connections at once from one IP (default 8)",
    modes: ["origin"],
  },
  {
    key: "rtmpHandshakeTimeoutMs",
    flag: "rtmp-handshake-timeout",
    env: "RTMP_HANDSHAKE_TIMEOUT_MS",
    arg: "MS",
    help: "RTMP handshake must complete within this (default 10000)",
    modes: ["origin"],
  },
  {
    key: "rtmpPublishTimeoutMs",
    flag: "rtmp-publish-timeout",
    env: "RTMP_PUBLISH_TIMEOUT_MS",
    arg: "MS",
    help: "an RTMP connection with no accepted publish after this is closed (default 30000)",
    modes: ["origin"],
  },
  {
    key: "rtmpIdleTimeoutMs",
    flag: "rtmp-idle-timeout",
    env: "RTMP_IDLE_TIMEOUT_MS",
    arg: "MS",
    help: "an RTMP connection that sends nothing for this long is closed (default 30000)",
    modes: ["origin"],
  },
  {
    key: "ingestChecksPerSecond",
    flag: "ingest-checks-per-second",
    env: "INGEST_CHECKS_PER_SECOND",
    arg: "N",
    help: "stream-key checks at the coordinator per second, all publishers together (default 2, burst 10)",
    modes: ["origin"],
  },
  {
    key: "ingestChecksPerIp",
    flag: "ingest-checks-per-ip",
    env: "INGEST_CHECKS_PER_IP",
    arg: "N",
    help: "stream-key checks per second per client IP (IPv6: /64) (default 0.2, burst 5)",
    modes: ["origin"],
  },
  {
    key: "originRequestsPerIp",
    flag: "requests-per-ip",
    env: "REQUESTS_PER_IP",
    arg: "N",
    help: "HLS requests per second per client IP (IPv6: /64) at the origin, burst twice that; relays and unpaid fallback viewers read here (default 500)",
    modes: ["origin"],
  },
  {
    key: "upstream",
    flag: "upstream",
    env: "UPSTREAM_URLS",
    multiple: true,
    arg: "URL",
    help: "origin or upstream relay base URL; repeat for fallbacks (env: comma separated)",
    modes: ["relay"],
  },
  {
    key: "workers",
    flag: "workers",
    env: "RELAY_WORKERS",
    arg: "N|auto",
    help: "serve HLS from N worker threads sharing the HTTP port (SO_REUSEPORT, Linux); the main thread still pulls, verifies and admits; auto = one per core (default 1: the main thread serves)",
    modes: ["relay"],
  },
  {
    key: "tier",
    flag: "tier",
    env: "RELAY_TIER",
    arg: "N",
    help: "1 pulls from the origin, 2 from a tier-1 relay, ... (default 1)",
    modes: ["relay"],
  },
  {
    key: "streams",
    flag: "stream",
    env: "STREAM_IDS",
    multiple: true,
    arg: "ID",
    help: "stream id to relay; repeat (default: every stream the upstream lists)",
    modes: ["relay"],
  },
  {
    key: "pollIntervalMs",
    flag: "poll-interval",
    env: "POLL_INTERVAL_MS",
    arg: "MS",
    help: "upstream manifest poll period (default 250)",
    modes: ["relay"],
  },
  {
    key: "heartbeatIntervalMs",
    flag: "heartbeat-interval",
    env: "HEARTBEAT_INTERVAL_MS",
    arg: "MS",
    help: "heartbeat period (default 5000)",
    modes: ["relay"],
  },
  {
    key: "fetchLogIntervalMs",
    flag: "fetch-log-interval",
    env: "FETCH_LOG_INTERVAL_MS",
    arg: "MS",
    help: "fetch-log batch period (default 2000)",
    modes: ["relay"],
  },
  {
    key: "receiptIntervalMs",
    flag: "receipt-interval",
    env: "RECEIPT_INTERVAL_MS",
    arg: "MS",
    help: "viewer receipt batch period to the coordinator (default 2000)",
    modes: ["relay"],
  },
  {
    key: "sessionLookupsPerSecond",
    flag: "session-lookups-per-second",
    env: "SESSION_LOOKUPS_PER_SECOND",
    arg: "N",
    help: "viewer session lookups at the coordinator per second, all viewers together (default 5, burst 2x)",
    modes: ["relay"],
  },
  {
    key: "sessionLookupsPerIp",
    flag: "session-lookups-per-ip",
    env: "SESSION_LOOKUPS_PER_IP",
    arg: "N",
    help: "new-session lookups per second per client IP (IPv6: /64) (default 1, burst 10)",
    modes: ["relay"],
  },
  {
    key: "receiptsPerIp",
    flag: "receipts-per-ip",
    env: "RECEIPTS_PER_IP",
    arg: "N",
    help: "POST /receipts per second per client IP (IPv6: /64) (default 20, burst 2x)",
    modes: ["relay"],
  },
  {
    key: "rpcUrl",
    flag: "rpc-url",
    env: "CHAIN_RPC_URL",
    arg: "URL",
    help: "JSON-RPC URL of the L2, to check each stream's origin signer on RelayStaking (required)",
    modes: ["relay"],
  },
  {
    key: "originCheckIntervalMs",
    flag: "origin-check-interval",
    env: "ORIGIN_CHECK_INTERVAL_MS",
    arg: "MS",
    help: "re-read a stream's on-chain origin signer at most this often (default 10000)",
    modes: ["relay"],
  },
  {
    key: "disputeIntervalMs",
    flag: "dispute-interval",
    env: "DISPUTE_INTERVAL_MS",
    arg: "MS",
    help: "look for tamper reports against this relay's operator this often, and dispute them (default 15000)",
    modes: ["relay"],
  },
  {
    key: "disputeLookbackBlocks",
    flag: "dispute-lookback-blocks",
    env: "DISPUTE_LOOKBACK_BLOCKS",
    arg: "N",
    help: "blocks scanned back at start for tamper reports made while the relay was down (default 50000)",
    modes: ["relay"],
  },
  {
    key: "signedEntries",
    flag: "signed-entries",
    env: "SIGNED_ENTRIES",
    arg: "N",
    help: "origin entries kept per relay for disputes (those it signed statements for; default 100000)",
    modes: ["relay"],
  },
  {
    key: "autoUpdate",
    flag: "auto-update",
    env: "AUTO_UPDATE",
    boolean: true,
    help: "single-file binary only: install signed releases the coordinator advertises, roll back if unhealthy (default off; env: true/false)",
    modes: ["relay"],
  },
  {
    key: "pinVersion",
    flag: "pin-version",
    env: "PIN_VERSION",
    arg: "X.Y.Z",
    help: "with --auto-update: run exactly this version (install it when advertised, ignore others)",
    modes: ["relay"],
  },
  {
    key: "updateIntervalMs",
    flag: "update-interval",
    env: "UPDATE_INTERVAL_MS",
    arg: "MS",
    help: "with --auto-update: release check period (default 3600000, 1 hour)",
    modes: ["relay"],
  },
  {
    key: "updateHealthWindowMs",
    flag: "update-health-window",
    env: "UPDATE_HEALTH_WINDOW_MS",
    arg: "MS",
    help: "with --auto-update: a new version must report healthy on /status within this, else rollback (default 60000)",
    modes: ["relay"],
  },
  {
    key: "insecureSkipOriginCheck",
    flag: "insecure-skip-origin-check",
    boolean: true,
    help: "DEV ONLY: carry streams and sign statements without checking the on-chain origin signer",
    modes: ["relay"],
  },
  {
    key: "testTamper",
    flag: "test-tamper",
    boolean: true,
    help: "TEST ONLY: serve altered segment bytes (to prove viewers catch it)",
    modes: ["relay"],
  },
];

const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().min(10).max(3_600_000);
const perSecond = z.coerce.number().positive().max(1_000_000);
const list = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(z.string()),
);

/** A boolean option: a flag gives true, the environment or a JSON file true/false/1/0. */
const onOff = z.preprocess(
  (v) => (v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : v),
  z.boolean(),
);

const common = {
  coordinatorUrl: httpUrl.transform((u) => u.replace(/\/$/, "")),
  chainId: z.coerce.number().int().positive(),
  stakingAddress: address,
  host: z.string().default("0.0.0.0"),
  publicUrl: httpUrl.transform((u) => u.replace(/\/$/, "")).optional(),
  cacheMb: z.coerce.number().positive().max(1_000_000).default(256),
  playlistSize: z.coerce.number().int().min(3).max(100).default(6),
  statusIntervalMs: z.coerce.number().int().min(0).default(10_000),
  logLevel: z.enum(["trace", "debug", "info", "warn", "error", "silent"]).default("info"),
  keystore: z.string().optional(),
  tlsCert: z.string().min(1).optional(),
  tlsKey: z.string().min(1).optional(),
};

export const originConfigSchema = z.strictObject({
  ...common,
  httpPort: port.default(8081),
  rtmpHost: z.string().default("0.0.0.0"),
  rtmpPort: port.default(1935),
  segmentSeconds: z.coerce.number().min(0.5).max(10).default(1),
  partSeconds: z.coerce.number().min(0.1).max(10).default(0.25),
  video: z.enum(["x264", "copy"]).default("x264"),
  ffmpegPath: z.string().default("ffmpeg"),
  workDir: z.string().optional(),
  dataDir: z.string().min(1),
  rtmpMaxConnections: z.coerce.number().int().min(1).max(100_000).default(64),
  rtmpMaxConnectionsPerIp: z.coerce.number().int().min(1).max(100_000).default(8),
  rtmpHandshakeTimeoutMs: positiveMs.default(10_000),
  rtmpPublishTimeoutMs: positiveMs.default(30_000),
  rtmpIdleTimeoutMs: positiveMs.default(30_000),
  ingestChecksPerSecond: perSecond.default(2),
  ingestChecksPerIp: perSecond.default(0.2),
  originRequestsPerIp: perSecond.default(500),
});
export type OriginConfig = Readonly<z.infer<typeof originConfigSchema>>;

export const relayConfigSchema = z
  .strictObject({
    ...common,
    httpPort: port.default(8090),
    upstream: list.pipe(
      z.array(httpUrl.transform((u) => u.replace(/\/$/, ""))).min(1, "at least one --upstream URL"),
    ),
    tier: z.coerce.number().int().min(1).max(8).default(1),
    workers: z
      .union([
        z.literal("auto").transform(() => availableParallelism()),
        z.coerce.number().int().min(1).max(64),
      ])
      .default(1),
    streams: list.pipe(z.array(hex32)).default([]),
    pollIntervalMs: positiveMs.default(250),
    heartbeatIntervalMs: positiveMs.default(5000),
    fetchLogIntervalMs: positiveMs.default(2000),
    receiptIntervalMs: positiveMs.default(2000),
    rpcUrl: httpUrl.optional(),
    originCheckIntervalMs: positiveMs.default(10_000),
    disputeIntervalMs: positiveMs.default(15_000),
    disputeLookbackBlocks: z.coerce.number().int().min(0).max(10_000_000).default(50_000),
    signedEntries: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
    sessionLookupsPerSecond: perSecond.default(5),
    sessionLookupsPerIp: perSecond.default(1),
    receiptsPerIp: perSecond.default(20),
    upnp: z
      .preprocess(
        (v) => (typeof v === "string" ? !["false", "0", "no", "off"].includes(v.toLowerCase()) : v),
        z.boolean(),
      )
      .default(true),
    autoUpdate: onOff.default(false),
    pinVersion: releaseVersion.optional(),
    updateIntervalMs: positiveMs.default(3_600_000),
    updateHealthWindowMs: positiveMs.default(60_000),
    insecureSkipOriginCheck: z.boolean().default(false),
    testTamper: z.boolean().default(false),
  })
  .refine((c) => c.rpcUrl !== undefined || c.insecureSkipOriginCheck, {
    path: ["rpcUrl"],
    message:
      "required: a relay checks every stream's origin signer on-chain (dev only: --insecure-skip-origin-check)",
  });
export type RelayConfig = Readonly<z.infer<typeof relayConfigSchema>>;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export interface ParsedCommand {
  help: boolean;
  configFile: string | undefined;
  raw: Record<string, unknown>;
}

/** Flags -> env -> JSON file, merged into one raw object (not yet validated). */
export function collectConfig(mode: Mode, argv: string[], env: NodeJS.ProcessEnv): ParsedCommand {
  const specs = OPTIONS.filter((o) => o.modes.includes(mode));
  const options: Record<
    string,
    { type: "string" | "boolean"; multiple?: boolean; short?: string }
  > = {
    help: { type: "boolean", short: "h" },
    config: { type: "string" },
  };
  for (const spec of specs) {
    options[spec.flag] = spec.boolean
      ? { type: "boolean" }
      : { type: "string", ...(spec.multiple ? { multiple: true } : {}) };
  }
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      options,
      strict: true,
      allowPositionals: false,
      allowNegative: true,
    }).values;
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const configFile = (values.config as string | undefined) ?? env.NODE_CONFIG_FILE;
  let raw: Record<string, unknown> = {};
  if (configFile) {
    try {
      raw = JSON.parse(readFileSync(configFile, "utf8")) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`cannot read config file ${configFile}: ${(error as Error).message}`);
    }
  }
  for (const spec of specs) {
    const fromEnv = spec.env ? env[spec.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== "") raw[spec.key] = fromEnv;
    const fromFlag = values[spec.flag];
    if (fromFlag !== undefined) raw[spec.key] = fromFlag;
  }
  return { help: values.help === true, configFile, raw };
}

function validate<T>(schema: z.ZodType<T>, raw: Record<string, unknown>): Readonly<T> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const flags = new Map(OPTIONS.map((o) => [o.key, `--${o.flag}`]));
    const problems = result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? "");
      const message =
        key && raw[key] === undefined && issue.code !== "custom" ? "required" : issue.message;
      return `  ${flags.get(key) ?? key}: ${message}`;
    });
    throw new ConfigError(`invalid configuration:\n${problems.join("\n")}`);
  }
  return Object.freeze(result.data);
}

export function parseOriginConfig(raw: Record<string, unknown>): OriginConfig {
  return validate(originConfigSchema, raw);
}

export function parseRelayConfig(raw: Record<string, unknown>): RelayConfig {
  return validate(relayConfigSchema, raw);
}

/** The --help text of a mode, generated from the option table. */
export function modeHelp(mode: Mode, program = "node node/src/cli.ts"): string {
  const specs = OPTIONS.filter((o) => o.modes.includes(mode));
  const rows = specs.map((spec) => {
    const left = `  --${spec.flag}${spec.arg ? ` ${spec.arg}` : ""}`;
    const env = spec.env ? ` [${spec.env}]` : "";
    return `${left.padEnd(30)} ${spec.help}${env}`;
  });
  const key =
    mode === "origin"
      ? "ORIGIN_PRIVATE_KEY"
      : "the relay key: RELAY_PRIVATE_KEY (alias OPERATOR_PRIVATE_KEY)";
  const summary =
    mode === "origin"
      ? "RTMP ingest (stream key checked with the coordinator) -> HLS segments signed with the origin key,\nserved to tier-1 relays and published to the coordinator."
      : "Pulls a stream from the origin or an upstream relay, verifies every segment against the\norigin-signed manifest, caches it and serves HLS with signed delivery statements.";
  return [
    `usage: ${program} ${mode} [options]`,
    "",
    summary,
    "",
    "options (flag [ENV]):",
    `${"  --config FILE".padEnd(30)} JSON file with any of the options below (camelCase keys) [NODE_CONFIG_FILE]`,
    ...rows,
    `${"  -h, --help".padEnd(30)} this help`,
    "",
    `key: ${key} (0x hex) or --keystore FILE with KEYSTORE_PASSWORD. Never logged.`,
    ...(mode === "relay"
      ? [
          "The relay key is hot (on this machine) and holds no money: create it with 'keygen', and",
          "authorize it from the operator's wallet ('authorize', or the web app's operator wizard).",
        ]
      : []),
    mode === "origin"
      ? "endpoints: rtmp://HOST:RTMP_PORT/live/STREAM_KEY; GET /streams, /streams/:id/index.m3u8, /streams/:id/:seq.ts,\n           /streams/:id/manifest.json, /status"
      : "endpoints: GET /streams, /streams/:id/index.m3u8, /streams/:id/:seq.ts (x-delivery-statement, x-segment-hash),\n           /streams/:id/manifest.json, /status; POST /receipts (viewer-signed receipts)",
  ].join("\n");
}
