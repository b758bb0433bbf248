/**
 * Coordinator configuration from the environment: one table of variables drives the zod
 * validation and the --help text. Validated once at start-up, then frozen. No secret has a
 * default, and `redactedConfig` is what gets logged.
 */
import { z } from "zod";
import { address, httpUrl } from "@streamrp2p/protocol/primitives";
import type { EpochSchedule } from "./core/epoch-window.ts";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** Express's `trust proxy`: false, true, a hop count, or a comma-separated list of subnets. */
const trustProxy = z
  .string()
  .min(1)
  .transform((v): boolean | number | string => {
    if (v === "true" || v === "false") return v === "true";
    return /^\d+$/.test(v) ? Number(v) : v;
  });

interface Variable {
  env: string;
  key: string;
  schema: z.ZodType;
  help: string;
}

export const VARIABLES = [
  {
    env: "COORDINATOR_HOST",
    key: "host",
    schema: z.string().min(1).default("0.0.0.0"),
    help: "listen address (default 0.0.0.0)",
  },
  {
    env: "COORDINATOR_PORT",
    key: "port",
    schema: int(0, 65535).default(8080),
    help: "listen port (default 8080; 0 = any free port)",
  },
  {
    env: "REDIS_URL",
    key: "redisUrl",
    schema: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
    help: "redis:// or rediss:// URL, may carry a password (default redis://127.0.0.1:6379)",
  },
  {
    env: "REDIS_CLUSTER_NODES",
    key: "redisClusterNodes",
    schema: z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((n) => n.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, "expected host:port")).max(100))
      .default([]),
    help: "host:port seeds of a Redis Cluster, comma separated; when set the coordinator runs on the cluster and REDIS_URL is not used (default: none, one server at REDIS_URL)",
  },
  {
    env: "REDIS_WAIT_REPLICAS",
    key: "redisWaitReplicas",
    schema: int(0, 5).default(0),
    help: "replicas that must hold a receipt batch, its applied effects and every step of an epoch close before they count (WAIT); set 1 on a cluster with replicas so a failover loses nothing acknowledged (default 0)",
  },
  {
    env: "REDIS_WAIT_MS",
    key: "redisWaitMs",
    schema: int(1, 60_000).default(2000),
    help: "how long a write waits for REDIS_WAIT_REPLICAS before it fails and is retried (default 2000)",
  },
  {
    env: "REDIS_PREFIX",
    key: "redisPrefix",
    schema: z
      .string()
      .regex(/^[A-Za-z0-9:_-]{1,40}$/)
      .default("sp2p:"),
    help: "prefix of every Redis key (default sp2p:)",
  },
  {
    env: "CHAIN_RPC_URL",
    key: "chainRpcUrl",
    schema: httpUrl.optional(),
    help: "JSON-RPC URL of the L2, for stake status (optional when REQUIRE_STAKE=false)",
  },
  {
    env: "CHAIN_ID",
    key: "chainId",
    schema: int(1, 2 ** 53 - 1).default(31337),
    help: "chain id of the EIP-712 domain (default 31337)",
  },
  {
    env: "STAKING_ADDRESS",
    key: "stakingAddress",
    schema: address,
    help: "RelayStaking address: verifying contract of manifest signatures, and stake status (required)",
  },
  {
    env: "MULTICALL_ADDRESS",
    key: "multicallAddress",
    schema: address.optional(),
    help: "Multicall3 on the L2: stake reads of many relays are one eth_call through it (default: one JSON-RPC batch request)",
  },
  {
    env: "REQUIRE_STAKE",
    key: "requireStake",
    schema: bool.default(true),
    help: "assign viewers only to staked relays (default true; false = chainless dev mode)",
  },
  {
    env: "STAKE_CACHE_SECONDS",
    key: "stakeCacheSeconds",
    schema: int(1, 3600).default(5),
    help: "how long a relay's stake status is cached in Redis (default 5)",
  },
  {
    env: "RELAY_LIVE_SECONDS",
    key: "relayLiveSeconds",
    schema: int(1, 3600).default(15),
    help: "a relay is live if it sent a heartbeat this recently (default 15)",
  },
  {
    env: "STREAM_LIVE_SECONDS",
    key: "streamLiveSeconds",
    schema: int(1, 3600).default(30),
    help: "a stream is live if its origin published a manifest entry this recently (default 30)",
  },
  {
    env: "SESSION_TTL_SECONDS",
    key: "sessionTtlSeconds",
    schema: int(10, 7 * 86400).default(4 * 3600),
    help: "viewer session lifetime (default 14400)",
  },
  {
    env: "SESSION_BACKFILL_SEGMENTS",
    key: "sessionBackfillSegments",
    schema: int(0, 10_000).default(10),
    help: "segments before the stream's head a new session may count (default 10)",
  },
  {
    env: "MAX_SESSIONS_PER_ADDRESS",
    key: "maxSessionsPerAddress",
    schema: int(1, 10_000).default(5),
    help: "open sessions per viewer network prefix (SESSION_PREFIX_V4 / _V6; default 5)",
  },
  {
    env: "SESSION_PREFIX_V4",
    key: "sessionPrefixV4",
    schema: int(8, 32).default(24),
    help: "bits of an IPv4 viewer address the session cap counts as one viewer (default 24)",
  },
  {
    env: "SESSION_PREFIX_V6",
    key: "sessionPrefixV6",
    schema: int(16, 128).default(64),
    help: "bits of an IPv6 viewer address the session cap counts as one viewer (default 64)",
  },
  {
    env: "RELAYS_PER_SESSION",
    key: "relaysPerSession",
    schema: int(1, 32).default(4),
    help: "relays listed in a new session (default 4)",
  },
  {
    env: "ORIGIN_URLS",
    key: "originUrls",
    schema: z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((u) => u.trim())
          .filter(Boolean),
      )
      .pipe(z.array(httpUrl).max(100))
      .default([]),
    help: "base URLs of the origins, comma separated: a relay whose upstream is one is tier 1; with none set, any upstream that is no relay's URL counts as the origin (development)",
  },
  {
    env: "RELAY_PROBE",
    key: "relayProbe",
    schema: bool.default(true),
    help: "list a relay to viewers only after its advertised URL answered a probe (a viewer's fetch and verification of a segment) (default true)",
  },
  {
    env: "RELAY_PROBE_INTERVAL_SECONDS",
    key: "relayProbeIntervalSeconds",
    schema: int(5, 86400).default(60),
    help: "a reachable relay is probed again this long after its last probe; an unreachable one after a quarter of it (default 60)",
  },
  {
    env: "RELAY_PROBE_TIMEOUT_MS",
    key: "relayProbeTimeoutMs",
    schema: int(100, 30_000).default(3000),
    help: "timeout of each probe request (default 3000)",
  },
  {
    env: "FALLBACK_URL",
    key: "fallbackUrl",
    schema: httpUrl.optional(),
    help: "where a viewer no relay can take plays from, unpaid (default: the first of ORIGIN_URLS; none: such a viewer gets NO_RELAYS_AVAILABLE)",
  },
  {
    env: "MAX_FALLBACK_VIEWERS",
    key: "maxFallbackViewers",
    schema: int(0, 100_000).default(20),
    help: "open fallback sessions at once, all streams together (default 20; 0 = no fallback)",
  },
  {
    env: "AUTH_DOMAIN",
    key: "authDomain",
    schema: z.string().min(1).optional(),
    help: "EIP-4361 domain relays sign in for (default: the request's Host header)",
  },
  {
    env: "AUTH_TOKEN_TTL_SECONDS",
    key: "authTokenTtlSeconds",
    schema: int(60, 30 * 86400).default(3600),
    help: "bearer token lifetime (default 3600)",
  },
  {
    env: "AUTH_NONCE_TTL_SECONDS",
    key: "authNonceTtlSeconds",
    schema: int(10, 3600).default(300),
    help: "sign-in nonce lifetime (default 300)",
  },
  {
    env: "MANIFEST_MAX_ENTRIES",
    key: "manifestMaxEntries",
    schema: int(100, 10_000_000).default(200_000),
    help: "manifest entries kept per stream, newest (default 200000)",
  },
  {
    env: "FETCH_LOG_TTL_SECONDS",
    key: "fetchLogTtlSeconds",
    schema: int(60, 30 * 86400).default(2 * 86400),
    help: "how long a relay's fetch log is kept after its last report (default 172800)",
  },
  {
    env: "BODY_LIMIT_BYTES",
    key: "bodyLimitBytes",
    schema: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
    help: "largest accepted request body (default 1048576)",
  },
  {
    env: "RATE_LIMIT_WINDOW_SECONDS",
    key: "rateLimitWindowSeconds",
    schema: int(1, 3600).default(60),
    help: "rate-limit window (default 60)",
  },
  {
    env: "RATE_LIMIT_MAX",
    key: "rateLimitMax",
    schema: int(1, 1_000_000).default(1200),
    help: "requests per client per window, over all coordinators (default 1200)",
  },
  {
    env: "CORS_ORIGINS",
    key: "corsOrigins",
    schema: z
      .string()
      .min(1)
      .transform((v) =>
        v
          .split(",")
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(
            z.union([
              z.literal("*"),
              z.url({ protocol: /^https?$/ }).transform((u) => new URL(u).origin),
            ]),
          )
          .min(1),
      )
      .default(["*"]),
    help: 'browser origins allowed to call the API, comma separated, or "*" (default *)',
  },
  {
    env: "TRUST_PROXY",
    key: "trustProxy",
    schema: trustProxy.default(false),
    help: "Express `trust proxy`: false, true, hop count or subnets (default false)",
  },
  {
    env: "ALLOW_LOOPBACK_VIEWERS",
    key: "allowLoopbackViewers",
    schema: bool.default(false),
    help: "development only: a viewer on a loopback address is not self-dealing (default false)",
  },
  {
    env: "EPOCH_SECONDS",
    key: "epochSeconds",
    schema: int(1, 30 * 86400).default(3600),
    help: "epoch length in seconds (default 3600; a few seconds in the demo)",
  },
  {
    env: "EPOCH_GENESIS_MS",
    key: "epochGenesisMs",
    schema: int(0, 2 ** 53 - 1).default(0),
    help: "when epoch 0 starts, ms since the Unix epoch (default 0)",
  },
  {
    env: "EPOCH_CLOSE_DELAY_MS",
    key: "epochCloseDelayMs",
    schema: int(0, 3_600_000).default(1000),
    help: "an epoch closes this long after it ends, so in-flight receipts land in it (default 1000)",
  },
  {
    env: "EPOCH_BOUND_LAG_MS",
    key: "epochBoundLagMs",
    schema: int(0, 3_600_000).default(60_000),
    help: "segments the stream produced this long before an epoch starts still count in its per-session bound: the live window a new viewer catches up on plus receipt delay (default 60000)",
  },
  {
    env: "EPOCH_LOCK_MS",
    key: "epochLockMs",
    schema: int(100, 3_600_000).default(60_000),
    help: "lifetime of the epoch-close lock: a crashed closer blocks others this long at most (default 60000)",
  },
  {
    env: "LEADERBOARD_RETENTION_DAYS",
    key: "leaderboardRetentionDays",
    schema: int(1, 366).default(8),
    help: "how long each epoch's bytes and earnings rankings are kept for the 24h / 7d / epoch leaderboards (default 8; below 7 the 7d board covers only this many days)",
  },
  {
    env: "EPOCH_RETENTION_DAYS",
    key: "epochRetentionDays",
    schema: int(1, 3660).default(30),
    help: "how long relay epoch reports (with the reason of every withheld byte), each epoch's credits and close result, and the per-epoch earnings history are kept; the cumulative ledger entries a claim needs are kept for good (default 30)",
  },
  {
    env: "RECEIPT_CLAIM_IDLE_MS",
    key: "receiptClaimIdleMs",
    schema: int(100, 3_600_000).default(30_000),
    help: "receipt batches pending this long at another consumer are taken over (default 30000)",
  },
  {
    env: "RECEIPT_CONCURRENCY",
    key: "receiptConcurrency",
    schema: int(1, 64).default(4),
    help: "receipt batches in flight per process; one relay's are decided in order (default 4)",
  },
  {
    env: "AUDIT_INTERVAL_MS",
    key: "auditIntervalMs",
    schema: int(0, 86_400_000).default(60_000),
    help: "how often the auditor spot-checks relays as a viewer would (default 60000; 0 = never)",
  },
  {
    env: "AUDIT_RELAYS_PER_ROUND",
    key: "auditRelaysPerRound",
    schema: int(1, 10_000).default(10),
    help: "relays listed for a live stream that one audit round checks, drawn at random (default 10)",
  },
  {
    env: "AUDIT_SEGMENTS_PER_CHECK",
    key: "auditSegmentsPerCheck",
    schema: int(1, 20).default(2),
    help: "random recent segments fetched from a relay per check (default 2)",
  },
  {
    env: "AUDIT_RECENT_SEGMENTS",
    key: "auditRecentSegments",
    schema: int(1, 100).default(4),
    help: "the newest segments of the stream a check picks from (default 4; keep within the relays' playlist window)",
  },
  {
    env: "AUDIT_SLOW_FACTOR",
    key: "auditSlowFactor",
    schema: int(1, 100).default(3),
    help: "a segment that takes longer than this many times its duration (at least 1 s) fails the check (default 3)",
  },
  {
    env: "AUDIT_EVIDENCE_MAX",
    key: "auditEvidenceMax",
    schema: int(1, 10_000).default(100),
    help: "failed checks kept per relay key as evidence, newest (default 100)",
  },
  {
    env: "WORKERS",
    key: "workers",
    schema: bool.default(true),
    help: "run the receipt consumer, the epoch closer, the chain watcher and the auditor in this process (default true)",
  },
  {
    env: "REWARD_POOLS_ADDRESS",
    key: "rewardPoolsAddress",
    schema: address.optional(),
    help: "RewardPools address: attestation domain, pool reads (default: the generated deployment of CHAIN_ID)",
  },
  {
    env: "ATTESTOR_PRIVATE_KEYS",
    key: "attestorPrivateKeys",
    schema: z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x + 64 hex digits")).min(1))
      .optional(),
    help: "attestor private keys, comma separated (secret; or ATTESTOR_KEYSTORE)",
  },
  {
    env: "ATTESTOR_KEYSTORE",
    key: "attestorKeystore",
    schema: z.string().min(1).optional(),
    help: "path of an encrypted Web3 secret-storage (v3) JSON holding the attestor key",
  },
  {
    env: "ATTESTOR_KEYSTORE_PASSWORD",
    key: "attestorKeystorePassword",
    schema: z.string().min(1).optional(),
    help: "password of ATTESTOR_KEYSTORE (secret)",
  },
  {
    env: "WATCHER_POLL_MS",
    key: "watcherPollMs",
    schema: int(50, 600_000).default(1000),
    help: "how often the chain watcher polls for new blocks (default 1000)",
  },
  {
    env: "WATCHER_REORG_DEPTH",
    key: "watcherReorgDepth",
    schema: int(1, 10_000).default(64),
    help: "recent block hashes the chain watcher keeps to detect reorgs (default 64)",
  },
  {
    env: "WATCHER_BLOCK_RANGE",
    key: "watcherBlockRange",
    schema: int(1, 100_000).default(2000),
    help: "most blocks per getLogs request (default 2000)",
  },
  {
    env: "MAX_STREAM_BITRATE",
    key: "maxStreamBitrate",
    schema: int(100_000, 1_000_000_000).default(50_000_000),
    help: "highest maximum bitrate (bit/s) a stream owner may set; also bounds streams stored without one (default 50000000)",
  },
  {
    env: "MANIFEST_SLACK_MS",
    key: "manifestSlackMs",
    schema: int(0, 600_000).default(10_000),
    help: "a stream may publish this much media (and bytes at its max bitrate) ahead of the coordinator's clock: about one segment (default 10000)",
  },
  {
    env: "SIGNATURE_MAX_DEADLINE_SECONDS",
    key: "signatureMaxDeadlineSeconds",
    schema: int(1, 30 * 86400).default(86400),
    help: "owner signatures (stream creation, pool link) may expire at most this far ahead (default 86400)",
  },
  {
    env: "RELEASE_MANIFEST_FILE",
    key: "releaseManifestFile",
    schema: z.string().min(1).optional(),
    help: "signed release manifest (npm run release:sign) served at GET /v1/releases/current for relays' auto-update; read on each request, so replacing the file publishes a release (optional)",
  },
  {
    env: "LOG_LEVEL",
    key: "logLevel",
    schema: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
    help: "pino level (default info)",
  },
] as const satisfies readonly Variable[];

type Shape = { [V in (typeof VARIABLES)[number] as V["key"]]: V["schema"] };
const shape = Object.fromEntries(VARIABLES.map((v) => [v.key, v.schema])) as Shape;

export const configSchema = z.strictObject(shape).superRefine((c, ctx) => {
  if (c.requireStake && !c.chainRpcUrl) {
    ctx.addIssue({
      code: "custom",
      path: ["chainRpcUrl"],
      message: "CHAIN_RPC_URL is required unless REQUIRE_STAKE=false",
    });
  }
  if (c.attestorKeystore && !c.attestorKeystorePassword) {
    ctx.addIssue({
      code: "custom",
      path: ["attestorKeystorePassword"],
      message: "ATTESTOR_KEYSTORE_PASSWORD is required with ATTESTOR_KEYSTORE",
    });
  }
});

export type Config = Readonly<z.output<typeof configSchema>>;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Reads the variables from `env` (unset and empty mean "default"), validates, freezes. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const input: Record<string, string> = {};
  for (const v of VARIABLES) {
    const value = env[v.env];
    if (value !== undefined && value !== "") input[v.key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const byKey = new Map<string, string>(VARIABLES.map((v) => [v.key, v.env]));
    const lines = parsed.error.issues.map(
      (i) => `  ${byKey.get(String(i.path[0])) ?? i.path.join(".")}: ${i.message}`,
    );
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  return Object.freeze(parsed.data);
}

/** Builds a config from typed values (tests, the demo): same validation and defaults. */
export function defineConfig(values: Partial<Record<keyof Config, unknown>>): Config {
  const env: Record<string, string | undefined> = {};
  for (const v of VARIABLES) {
    const value = values[v.key as keyof Config];
    if (value !== undefined) env[v.env] = String(value);
  }
  return loadConfig(env);
}

/** The epoch schedule a config sets (EPOCH_GENESIS_MS, EPOCH_SECONDS). */
export function epochScheduleOf(config: Config): EpochSchedule {
  return { genesisMs: config.epochGenesisMs, lengthMs: config.epochSeconds * 1000 };
}

/** How long each epoch's leaderboard rankings are kept (LEADERBOARD_RETENTION_DAYS), in seconds. */
export function leaderboardRetentionSecondsOf(config: Config): number {
  return config.leaderboardRetentionDays * 86400;
}

/**
 * The produced snapshots the epoch bound reads (StreamStore.producedBetween): buckets of a
 * twentieth of the bound's window (1 to 10 s; a window sum is at most two buckets generous),
 * kept while a close can still read them (from EPOCH_BOUND_LAG_MS before an epoch to its
 * close, with an epoch of delay to spare).
 */
export function producedSnapshotsOf(config: Config): { bucketMs: number; retentionMs: number } {
  const epochMs = config.epochSeconds * 1000;
  const windowMs = epochMs + config.epochBoundLagMs + config.epochCloseDelayMs;
  return {
    bucketMs: Math.min(10_000, Math.max(1000, Math.floor(windowMs / 20))),
    retentionMs: 2 * epochMs + windowMs,
  };
}

/** The config with the Redis password and attestor secrets masked: the only form that may be logged. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const url = new URL(config.redisUrl);
  if (url.password) url.password = "***";
  return {
    ...config,
    redisUrl: url.toString(),
    attestorPrivateKeys: config.attestorPrivateKeys
      ? `*** (${config.attestorPrivateKeys.length})`
      : undefined,
    attestorKeystorePassword: config.attestorKeystorePassword ? "***" : undefined,
  };
}

export function configHelp(): string {
  const width = Math.max(...VARIABLES.map((v) => v.env.length));
  return VARIABLES.map((v) => `  ${v.env.padEnd(width)}  ${v.help}`).join("\n");
}
