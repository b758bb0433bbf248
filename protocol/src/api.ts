/**
 * The coordinator's HTTP API (v1): request and response bodies, shared by the coordinator
 * (which validates them) and its clients (node CLI, viewer library, web app).
 */
import { z } from "zod";
import { address, hex32, httpUrl, signature } from "./primitives.ts";
import { base64urlDecode } from "./receipt.ts";

/** SubjectPublicKeyInfo DER header of an uncompressed P-256 (prime256v1) EC public key. */
const P256_SPKI_HEADER = [
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
  0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
];
const P256_P = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const P256_B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;

function bigIntOf(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const byte of bytes) n = (n << 8n) | BigInt(byte);
  return n;
}

/**
 * Whether `text` is the base64url SPKI DER of a P-256 public key whose point lies on the curve
 * (what WebCrypto's importKey("spki", ..., P-256) accepts from `createSessionKey`). Pure and
 * synchronous, so it runs inside a zod schema in the browser and in Node alike.
 */
export function isP256PublicKey(text: string): boolean {
  let der: Uint8Array;
  try {
    der = base64urlDecode(text);
  } catch {
    return false;
  }
  if (der.length !== P256_SPKI_HEADER.length + 64) return false;
  if (P256_SPKI_HEADER.some((byte, i) => der[i] !== byte)) return false;
  const x = bigIntOf(der.subarray(27, 59));
  const y = bigIntOf(der.subarray(59, 91));
  if (x >= P256_P || y >= P256_P) return false;
  return (y * y - (x * x * x - 3n * x + P256_B)) % P256_P === 0n;
}

/** A manifest entry as it travels in JSON: the EIP-712 message plus the origin's signature. */
export const signedManifestEntry = z.strictObject({
  streamId: hex32,
  sequence: z.number().int().nonnegative(),
  size: z.number().int().positive().max(0xffffffff),
  durationMs: z.number().int().positive().max(0xffffffff),
  hash: hex32,
  signature,
});
export type SignedManifestEntry = z.infer<typeof signedManifestEntry>;

/** A part entry (eip712.ts PartEntry) as it travels in JSON, with the origin's signature. */
export const signedPartEntry = z.strictObject({
  streamId: hex32,
  sequence: z.number().int().nonnegative(),
  part: z.number().int().nonnegative().max(0xffffffff),
  size: z.number().int().positive().max(0xffffffff),
  durationMs: z.number().int().positive().max(0xffffffff),
  independent: z.boolean(),
  hash: hex32,
  signature,
});
export type SignedPartEntry = z.infer<typeof signedPartEntry>;

// Streams
/** Seconds since the Unix epoch after which a signature is refused (EIP-712 uint64). */
const deadline = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/**
 * The owner's EIP-712 `CreateStream` (eip712.ts, coordinatorDomain(chainId)) over every field
 * but the signature; the stream id is streamIdOf(owner, salt).
 */
export const createStreamRequest = z.strictObject({
  name: z.string().trim().min(1).max(80),
  /** Address of the origin key that will sign this stream's segments. */
  originAddress: address,
  /** Wallet of the streamer who owns the stream (pools must belong to it). */
  owner: address,
  salt: hex32,
  /** Most bits per second the stream may publish (capped by the coordinator's MAX_STREAM_BITRATE). */
  maxBitrate: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  deadline,
  ownerSignature: signature,
});
export const streamInfo = z.object({
  streamId: hex32,
  name: z.string(),
  originAddress: address,
  ownerAddress: address.optional(),
  /** Bits per second (as stored: min(owner's, coordinator's cap)); absent on streams created before owners signed. */
  maxBitrate: z.number().int().optional(),
  createdAt: z.number(),
  live: z.boolean(),
  lastSequence: z.number().int().nullable(),
});
export const createStreamResponse = streamInfo.extend({ streamKey: z.string() });
export type StreamInfo = z.infer<typeof streamInfo>;

/** Origin asks whether a publisher's stream key is valid. */
export const ingestAuthorizeRequest = z.strictObject({ streamKey: z.string().min(1).max(200) });
export const ingestAuthorizeResponse = z.object({ streamId: hex32, originAddress: address });

export const publishManifestRequest = z.strictObject({
  entries: z.array(signedManifestEntry).min(1).max(100),
});

// Relay sign-in (EIP-4361) and reporting
export const authNonceResponse = z.object({ nonce: z.string() });
export const authLoginRequest = z.strictObject({
  message: z.string().min(1).max(2000),
  signature,
});
export const authLoginResponse = z.object({ token: z.string(), address, expiresAt: z.number() });

export const heartbeatRequest = z.strictObject({
  /** Public base URL viewers and downstream relays use. */
  url: httpUrl,
  tier: z.number().int().min(1).max(8),
  /** Where this relay pulls from: the origin's or an upstream relay's base URL. */
  upstream: httpUrl,
  streams: z.array(hex32).max(100),
  load: z.number().min(0).max(1),
  bytesServed: z.number().int().nonnegative(),
  viewers: z.number().int().nonnegative(),
  version: z.string().max(40),
  /**
   * How the relay came by `url`: given by its operator (--public-url), mapped on the router by
   * UPnP IGD, or only its local address (no mapping: reachable from the internet only if the
   * operator forwarded the port). Absent from relays older than this field.
   */
  inbound: z.enum(["public-url", "upnp", "local"]).optional(),
});

/**
 * Why the coordinator does not list a relay to viewers (null: listed). `unreachable`: the
 * probe's fetch of the relay's URL failed or timed out (behind a NAT with no port mapping, a
 * firewall, or a wrong URL); `http-error`: the relay answered a probe request with a non-2xx
 * status; `bad-answer`: the relay's stream list, manifest or segment failed to parse or verify;
 * `not-probed`: no probe has run yet (the relay is unstaked, or just arrived).
 */
export const relayProbeReason = z.enum(["unreachable", "http-error", "bad-answer", "not-probed"]);
export type RelayProbeReason = z.infer<typeof relayProbeReason>;
/** The coordinator's probe of a relay's advertised URL (a viewer's fetch of a segment). */
export const relayReachability = z.object({
  /** Whether viewers are given this relay (its URL answered the last probe). */
  listed: z.boolean(),
  reason: relayProbeReason.nullable(),
  /** What failed, in words (for the operator); null when listed. */
  detail: z.string().nullable(),
  /** True when the probe fetched and verified a segment; false when the relay held none yet. */
  segmentVerified: z.boolean(),
  /** When the last probe ran, ms; null when none has. */
  checkedAt: z.number().nullable(),
});
export type RelayReachability = z.infer<typeof relayReachability>;
/** POST /v1/relays/heartbeat answer: whether the coordinator lists the relay, and why not. */
export const heartbeatResponse = z.object({ reachability: relayReachability });

export const fetchLogRequest = z.strictObject({
  entries: z
    .array(
      z.strictObject({
        streamId: hex32,
        sequence: z.number().int().nonnegative(),
        hash: hex32,
        /** Base URL the segment was fetched from. */
        from: httpUrl,
        at: z.number().int().positive(),
      }),
    )
    .min(1)
    .max(1000),
});

export const relayInfo = z.object({
  /** The relay key the relay signs in with. */
  address,
  /** The wallet that authorized the key on-chain (stake, payouts); null when none. */
  operator: address.nullable(),
  url: httpUrl,
  tier: z.number().int(),
  upstream: httpUrl,
  streams: z.array(hex32),
  load: z.number(),
  viewers: z.number().int(),
  bytesServed: z.number().int(),
  version: z.string(),
  lastSeen: z.number(),
  live: z.boolean(),
  staked: z.boolean(),
  /** How the relay came by its URL (its heartbeat's `inbound`); null when it did not say. */
  inbound: z.enum(["public-url", "upnp", "local"]).nullable(),
  /** The coordinator's probe of `url`: listed to viewers or not, and why. */
  reachability: relayReachability,
});
export type RelayInfo = z.infer<typeof relayInfo>;

// Viewer sessions
export const createSessionRequest = z.strictObject({
  streamId: hex32,
  /** The viewer's ephemeral ECDSA P-256 public key, SPKI DER as base64url (uncompressed point on the curve). */
  viewerPublicKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{122}$/, "expected base64url SPKI of a P-256 key")
    .refine(isP256PublicKey, "expected a P-256 public key (SPKI DER, point on the curve)"),
  /** Optional wallet of the viewer, for per-address session limits. */
  viewerAddress: address.optional(),
});
export const createSessionResponse = z.object({
  sessionId: z.string(),
  streamId: hex32,
  relays: z.array(z.object({ address, url: httpUrl, tier: z.number().int() })),
  expiresAt: z.number(),
  /**
   * Set when no relay could take the viewer: play from this URL (the origin or a
   * coordinator-chosen fallback) instead; `relays` is then empty. Unpaid: nobody earns
   * anything for these bytes and no receipt for the session is credited.
   */
  fallback: z.object({ url: httpUrl, unpaid: z.literal(true) }).optional(),
});
export type CreateSessionResponse = z.infer<typeof createSessionResponse>;

/** Every error response: a stable code (see coordinator/src/errors.ts) and a message. */
export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

// Served by origins and relays (not the coordinator): GET /streams/:streamId/manifest.json
/** One live segment as origins and relays describe it: the signed entry plus playlist metadata. */
export const liveSegment = z.object({
  entry: signedManifestEntry,
  /** Wall-clock time of the segment's first frame, ms since the epoch (EXT-X-PROGRAM-DATE-TIME). */
  startedAt: z.number().int().nonnegative(),
  /** True for the first segment after the publisher reconnected (EXT-X-DISCONTINUITY). */
  discontinuity: z.boolean(),
});
export type LiveSegment = z.infer<typeof liveSegment>;
/** One LL-HLS part as origins and relays describe it: the signed entry plus its start time. */
export const livePart = z.object({
  entry: signedPartEntry,
  /** Wall-clock time of the part's first frame, ms since the epoch. */
  startedAt: z.number().int().nonnegative(),
});
export type LivePart = z.infer<typeof livePart>;
export const liveManifest = z.object({
  streamId: hex32,
  originAddress: address,
  /** Oldest first; the same window the playlist lists. */
  segments: z.array(liveSegment),
  /**
   * The parts the playlist lists (the last few segments' and the one in progress), by sequence
   * then part; absent from nodes that predate LL-HLS.
   */
  parts: z.array(livePart).optional(),
});
export type LiveManifest = z.infer<typeof liveManifest>;
/** GET /streams on an origin or relay: the streams it serves. */
export const liveStreamList = z.object({
  streams: z.array(
    z.object({
      streamId: hex32,
      originAddress: address,
      lastSequence: z.number().int().nullable(),
    }),
  ),
});

// Coordinator read answers (the coordinator's OpenAPI document is generated from these)
/** Most items one listing page holds, and the page size when `limit` is not given. */
export const PAGE_LIMIT_MAX = 500;
export const PAGE_LIMIT_DEFAULT = 100;
/** `?limit&cursor` of the paginated listings; `cursor` is the previous page's `nextCursor`. */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT),
  cursor: z
    .string()
    .regex(/^[0-9]{1,20}(:0x[0-9a-f]{64})?$/, "expected a nextCursor from a previous page")
    .optional(),
});
/** The next page's cursor; null on the last page. */
const nextCursor = z.string().nullable().optional();
export const listStreamsResponse = z.object({ streams: z.array(streamInfo), nextCursor });
/** GET /v1/streams/:streamId: the stream, the live relays serving it, and its open viewer sessions. */
export const streamDetail = streamInfo.extend({
  relays: z.array(relayInfo),
  viewers: z.number().int(),
});
export type StreamDetail = z.infer<typeof streamDetail>;
export const manifestQuery = z.object({
  from: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
/** A manifest entry as the coordinator stored it: the signed entry plus when it was accepted (ms). */
export const storedManifestEntry = signedManifestEntry.extend({ at: z.number().int() });
export const manifestResponse = z.object({
  streamId: hex32,
  entries: z.array(storedManifestEntry),
});
export const listRelaysResponse = z.object({ relays: z.array(relayInfo) });
export const sessionInfo = createSessionResponse.extend({
  viewerPublicKey: z.string(),
  createdAt: z.number(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;
export const healthResponse = z.object({ status: z.literal("ok"), redis: z.literal("ok") });

// Receipts, reports, epochs, attestations, pools, leaderboards (big numbers as decimal strings)

const decimal = z
  .string()
  .regex(/^(0|[1-9][0-9]*)$/, "expected a non-negative integer as a decimal string");

/** POST /v1/receipts (the body is `receiptBatch` from receipt.ts): batches are queued durably, then evaluated. */
export const receiptBatchResponse = z.object({ accepted: z.number().int() });
/** GET /v1/relays/:address/report?epoch=N (default: the current epoch). */
export const relayReportQuery = z.object({
  epoch: z.coerce.number().int().nonnegative().optional(),
});
const reasonTally = z.object({
  receipts: z.number().int(),
  bytes: z.number(),
  lastMessage: z.string(),
});
export const relayReportResponse = z.object({
  relay: address,
  epoch: z.number().int(),
  closed: z.boolean(),
  verifiedBytes: z.number(),
  rejectedBytes: z.number(),
  verifiedByStream: z.record(z.string(), z.number()),
  receipts: z.object({
    credited: z.number(),
    withheld: z.number(),
    rejected: z.number(),
    ignored: z.number(),
  }),
  reasons: z.record(z.string(), reasonTally),
});
export type RelayReportResponse = z.infer<typeof relayReportResponse>;
/** One failed spot check of a relay key: what the auditor expected, what it got, and when. */
export const auditEvidence = z.object({
  relay: address,
  /** The epoch the relay key is withheld for. */
  epoch: z.number().int(),
  streamId: hex32,
  /** The failing segment; null when the relay served no playlist to pick one from. */
  sequence: z.number().int().nullable(),
  /** An `audit-*` code of REJECTION_CODES (rejection-codes.ts). */
  code: z.string(),
  message: z.string(),
  /** The origin-signed entry: size and SHA-256. */
  expected: z.object({ bytes: z.number().int(), hash: hex32 }).nullable(),
  /** What the relay served; null when it served nothing. */
  got: z.object({ bytes: z.number().int(), hash: hex32 }).nullable(),
  /** The HTTP status of a failed fetch; null when no answer came or the fetch succeeded. */
  httpStatus: z.number().int().nullable(),
  fetchMs: z.number().nullable(),
  limitMs: z.number().nullable(),
  /** The relay's x-delivery-statement for the segment, and who signed it (null: none, unrecoverable). */
  statement: z.string().nullable(),
  statementSigner: address.nullable(),
  /** What the relay claimed: the segment in its playlist / fetch log, its credited bytes this epoch. */
  claims: z.object({
    inPlaylist: z.boolean(),
    inFetchLog: z.boolean(),
    creditedBytes: z.number(),
  }),
  /** When the check ran, ms since the Unix epoch. */
  at: z.number(),
});
export type AuditEvidence = z.infer<typeof auditEvidence>;
/** GET /v1/relays/:address/audits: the relay key's failed spot checks, newest first. */
export const relayAuditsResponse = z.object({ relay: address, audits: z.array(auditEvidence) });
/** A claimable attestation: the EIP-712 message, the packed attestor signatures, and the epoch that last moved it. */
export const servedAttestation = z.object({
  poolId: decimal,
  account: address,
  cumulativeBytes: decimal,
  cumulativeAmount: decimal,
  signatures: z.string().regex(/^0x([0-9a-fA-F]{128})+$/),
  epoch: z.number().int(),
});
export type ServedAttestation = z.infer<typeof servedAttestation>;
export const relayAttestationsResponse = z.object({ attestations: z.array(servedAttestation) });
export const relayEarningsResponse = z.object({
  relay: address,
  earnings: z.array(
    z.object({ epoch: z.number().int(), poolId: decimal, bytes: decimal, amount: decimal }),
  ),
});
export const epochInfoResponse = z.object({
  epoch: z.number().int(),
  startsAt: z.number(),
  endsAt: z.number(),
  lengthSeconds: z.number().int(),
  lastClosed: z.number().int().nullable(),
  lastClose: z.unknown().optional(),
  backlog: z.number().int(),
});
export const poolDetail = z.object({
  poolId: decimal,
  owner: address,
  token: address,
  ratePerGB: decimal,
  maxRatePerGB: decimal,
  epochBudget: decimal,
  balance: decimal,
  closesAt: z.number().int(),
  claimedTotal: decimal,
  attestedTotal: decimal,
  /** Attested and not yet claimed. */
  outstanding: decimal,
  streams: z.array(hex32),
  supporters: z.array(z.object({ relay: address, amount: decimal })),
  /** Most viewer sessions the pool pays per epoch (owner-set, off-chain); 0 = no cap. */
  maxViewers: z.number().int().min(0).default(0),
});
export type PoolDetail = z.infer<typeof poolDetail>;
export const listPoolsResponse = z.object({ pools: z.array(poolDetail), nextCursor });
/** The pool owner's EIP-712 `LinkPool(streamId, poolId, deadline)` (coordinatorDomain(chainId)). */
export const linkPoolRequest = z.strictObject({
  poolId: z.union([decimal, z.number().int().nonnegative()]).transform(String),
  deadline,
  signature,
});
export const linkPoolResponse = z.object({ streamId: hex32, poolId: decimal });
/** Largest viewer cap a pool owner can set (uint32 in the signed message, kept practical). */
export const MAX_VIEWER_CAP = 1_000_000;
/**
 * The pool owner's EIP-712 `SetViewerCap(poolId, maxViewers, nonce, deadline)`
 * (coordinatorDomain(chainId)); poolId is in the path. nonce: above the pool's last accepted.
 */
export const setViewerCapRequest = z.strictObject({
  maxViewers: z.number().int().min(0).max(MAX_VIEWER_CAP),
  nonce: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  deadline,
  signature,
});
export type SetViewerCapRequest = z.input<typeof setViewerCapRequest>;
export const setViewerCapResponse = z.object({
  poolId: decimal,
  maxViewers: z.number().int().min(0),
  nonce: z.number().int().positive(),
});
/** What a leaderboard sums: the last closed epoch, the closed epochs that ended in the last 24 h / 7 d, or all time. */
export const leaderboardPeriod = z.enum(["epoch", "24h", "7d", "all"]);
export type LeaderboardPeriod = z.infer<typeof leaderboardPeriod>;
/** What a leaderboard ranks relays by: verified bytes or attested earnings (token base units). */
export const leaderboardMetric = z.enum(["bytes", "earnings"]);
export type LeaderboardMetric = z.infer<typeof leaderboardMetric>;
export const leaderboardQuery = z.object({
  by: leaderboardMetric.default("bytes"),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  period: leaderboardPeriod.default("all"),
});
export const leaderboardResponse = z.object({
  by: leaderboardMetric,
  /** Absent in answers of coordinators that predate periods: all time. */
  period: leaderboardPeriod.default("all"),
  /** The closed epochs a bounded period sums, inclusive; absent for "all" or when none is covered. */
  fromEpoch: z.number().int().nonnegative().optional(),
  toEpoch: z.number().int().nonnegative().optional(),
  entries: z.array(z.object({ rank: z.number().int(), relay: address, value: decimal })),
});
