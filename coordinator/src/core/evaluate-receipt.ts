/**
 * One receipt in, one decision out: parse, find the session, idempotency, signature, then
 * every fraud check. The (session, relay) baseline moves only on a fresh, correctly signed
 * receipt submitted by the relay it names; its increase over the baseline is then either
 * credited (no check failed) or withheld (with every reason). So the bytes of a pair are
 * counted once, whatever is replayed, duplicated or reordered, and credited plus withheld
 * bytes add up to the pair's latest cumulative receipt.
 */
import { signedReceipt, type SignedReceipt } from "@streamrp2p/protocol/receipt";
import {
  checkProgress,
  checkRelayMismatch,
  checkSignature,
  checkTimestamp,
  FRAUD_CHECKS,
  type ReceiptContext,
  type VerifySignature,
} from "./fraud-checks.ts";
import type { FraudPolicy } from "./fraud-policy.ts";
import { isCanonicalSignedReceipt } from "./receipt-shape.ts";
import type { RelayStanding, SessionRecord, SessionRelayState } from "./records.ts";
import { rejection, type Rejection } from "./rejection.ts";
import type { SegmentIndex } from "./segment-index.ts";

/**
 * credited: the increase counts for the epoch. withheld: a fresh receipt failed a fraud
 * check; its increase is forfeited. rejected: not accepted as the relay's receipt at all
 * (malformed, unknown session, forged, another relay's, dated outside the session: a
 * post-dated receipt must not block the later honest ones); nothing moves. ignored: already
 * counted or older (duplicate, replay, non-monotonic); nothing moves.
 */
export type ReceiptStatus = "credited" | "withheld" | "rejected" | "ignored";

export interface ReceiptDecision {
  status: ReceiptStatus;
  /** The submitting relay: whose dashboard shows this decision. */
  relay: string;
  sessionId: string | null;
  streamId: string | null;
  /** Bytes credited to the relay for the epoch. */
  verifiedBytes: number;
  /** Bytes claimed over the baseline and not credited. */
  rejectedBytes: number;
  rejections: Rejection[];
}

/** What evaluating a receipt reads. Lookups are synchronous reads of data the shell loaded. */
export interface ReceiptEnvironment {
  submitter: string;
  now: number;
  policy: FraudPolicy;
  verifySignature: VerifySignature;
  session(sessionId: string): SessionRecord | undefined;
  relay(address: string): RelayStanding | undefined;
  manifest(streamId: string): SegmentIndex | undefined;
  /** The stream's maximum bitrate (bit/s), when known. */
  maxBitrate?(streamId: string): number | undefined;
  fetched(relay: string, streamId: string): SegmentIndex | undefined;
  /**
   * A pair's baseline. Load it for every relay the session was assigned to, not only the
   * submitter: the stream-bytes and real-time checks count the whole session.
   */
  state(sessionId: string, relay: string): SessionRelayState | undefined;
}

export interface ReceiptEvaluation {
  decision: ReceiptDecision;
  /** The pair's new baseline, when it moved (store it under sessionRelayKey). */
  state?: SessionRelayState;
}

export function sessionRelayKey(sessionId: string, relay: string): string {
  return `${sessionId}|${relay}`;
}

function decide(
  status: ReceiptStatus,
  env: Pick<ReceiptEnvironment, "submitter">,
  r: SignedReceipt | undefined,
  verifiedBytes: number,
  rejectedBytes: number,
  rejections: Rejection[],
): ReceiptDecision {
  return {
    status,
    relay: env.submitter,
    sessionId: r?.sessionId ?? null,
    streamId: r?.streamId ?? null,
    verifiedBytes,
    rejectedBytes,
    rejections,
  };
}

/** Parses a wire receipt (zod only off the fast path); a malformed one is decided right here. */
function parseReceipt(
  input: unknown,
  env: Pick<ReceiptEnvironment, "submitter">,
): SignedReceipt | ReceiptEvaluation {
  if (isCanonicalSignedReceipt(input)) return input;
  const parsed = signedReceipt.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  const why = rejection("malformed", `${issue?.message ?? "invalid"}${where}`);
  return { decision: decide("rejected", env, undefined, 0, 0, [why]) };
}

export function evaluateReceipt(input: unknown, env: ReceiptEnvironment): ReceiptEvaluation {
  const parsed = parseReceipt(input, env);
  return "decision" in parsed ? parsed : evaluateParsed(parsed, env);
}

function evaluateParsed(receipt: SignedReceipt, env: ReceiptEnvironment): ReceiptEvaluation {
  const state = env.state(receipt.sessionId, receipt.relay);
  const claimed = Math.max(0, receipt.bytes - (state?.bytes ?? 0));
  const session = env.session(receipt.sessionId);
  if (session === undefined) {
    const why = rejection("unknown-session", `no session ${receipt.sessionId}`);
    return { decision: decide("rejected", env, receipt, 0, claimed, [why]) };
  }
  const otherRelays = { bytes: 0, segments: 0, lastSequence: 0 };
  for (const other of session.relays) {
    if (other === receipt.relay) continue;
    const at = env.state(session.sessionId, other);
    if (at === undefined) continue;
    otherRelays.bytes += at.bytes;
    otherRelays.segments += at.segments;
    otherRelays.lastSequence = Math.max(otherRelays.lastSequence, at.lastSequence);
  }
  const ctx: ReceiptContext = {
    receipt,
    session,
    otherRelays,
    relay: env.relay(receipt.relay),
    submitter: env.submitter,
    manifest: env.manifest(session.streamId),
    maxBitrate: env.maxBitrate?.(session.streamId),
    fetched: env.fetched(receipt.relay, session.streamId),
    state,
    now: env.now,
    policy: env.policy,
  };
  const mismatch = checkRelayMismatch(ctx);
  if (mismatch) return { decision: decide("rejected", env, receipt, 0, claimed, [mismatch]) };
  const misdated = checkTimestamp(ctx);
  if (misdated) return { decision: decide("rejected", env, receipt, 0, claimed, [misdated]) };
  const stale = checkProgress(ctx);
  if (stale) return { decision: decide("ignored", env, receipt, 0, 0, [stale]) };
  const forged = checkSignature(ctx, env.verifySignature);
  if (forged) return { decision: decide("rejected", env, receipt, 0, claimed, [forged]) };

  const rejections: Rejection[] = [];
  for (const check of FRAUD_CHECKS) {
    const found = check(ctx);
    if (found) rejections.push(found);
  }
  const next: SessionRelayState = {
    bytes: receipt.bytes,
    segments: receipt.segments,
    lastSequence: receipt.lastSequence,
    timestamp: receipt.timestamp,
  };
  const decision =
    rejections.length === 0
      ? decide("credited", env, receipt, claimed, 0, rejections)
      : decide("withheld", env, receipt, 0, claimed, rejections);
  return { decision, state: next };
}

export interface BatchEvaluation {
  decisions: ReceiptDecision[];
  /** New baselines by sessionRelayKey, for the pairs that moved. */
  states: Map<string, SessionRelayState>;
}

function runBatch(
  parsed: readonly (SignedReceipt | ReceiptEvaluation)[],
  env: Omit<ReceiptEnvironment, "verifySignature">,
  verifierFor: (index: number) => VerifySignature,
): BatchEvaluation {
  const states = new Map<string, SessionRelayState>();
  const state = (sessionId: string, relay: string) =>
    states.get(sessionRelayKey(sessionId, relay)) ?? env.state(sessionId, relay);
  const decisions = parsed.map((p, i) => {
    if ("decision" in p) return p.decision;
    const { decision, state: next } = evaluateParsed(p, {
      ...env,
      state,
      verifySignature: verifierFor(i),
    });
    if (next) states.set(sessionRelayKey(p.sessionId, p.relay), next);
    return decision;
  });
  return { decisions, states };
}

/** Evaluates a relay's batch in order; later receipts of a pair see the baseline earlier ones set. */
export function evaluateReceiptBatch(
  inputs: readonly unknown[],
  env: ReceiptEnvironment,
): BatchEvaluation {
  const parsed = inputs.map((input) => parseReceipt(input, env));
  return runBatch(parsed, env, () => env.verifySignature);
}

/** Verifies many signatures at once (ReceiptVerifier.verifyMany), results in input order. */
export type VerifyMany = (
  checks: readonly { publicKey: string; receipt: SignedReceipt; signature: string }[],
) => Promise<boolean[]>;

/** A parsed batch whose signatures were verified up front (`verifyBatch`). */
export interface VerifiedBatch {
  parsed: readonly (SignedReceipt | ReceiptEvaluation)[];
  /** By input index: the signature's verdict, for the receipts that were verified. */
  verdicts: ReadonlyMap<number, boolean>;
}

/**
 * Parses a batch and verifies at once, in parallel (thread pool), the signature of every
 * receipt that could move its pair given `env`'s baselines. Receipts that cannot (malformed,
 * unknown session, another relay's, not newer than the stored baseline) are not verified:
 * baselines only move forward, so against later baselines they still cannot.
 */
export async function verifyBatch(
  inputs: readonly unknown[],
  env: Omit<ReceiptEnvironment, "verifySignature">,
  verifyMany: VerifyMany,
): Promise<VerifiedBatch> {
  const parsed = inputs.map((input) => parseReceipt(input, env));
  const wanted: number[] = [];
  const checks: Parameters<VerifyMany>[0][number][] = [];
  parsed.forEach((p, i) => {
    if ("decision" in p || p.relay !== env.submitter) return;
    const session = env.session(p.sessionId);
    const stored = env.state(p.sessionId, p.relay);
    if (session === undefined || (stored !== undefined && p.timestamp <= stored.timestamp)) return;
    wanted.push(i);
    checks.push({ publicKey: session.publicKey, receipt: p, signature: p.signature });
  });
  const verdicts = new Map<number, boolean>();
  (await verifyMany(checks)).forEach((ok, k) => verdicts.set(wanted[k]!, ok));
  return { parsed, verdicts };
}

/**
 * The decisions of a verified batch against `env`, which may hold later baselines than the
 * one it was verified with; a receipt that needs a signature not verified up front (only if a
 * baseline went back, e.g. expired) is verified here with `verify`.
 */
export function decideBatch(
  batch: VerifiedBatch,
  env: Omit<ReceiptEnvironment, "verifySignature">,
  verify: VerifySignature,
): BatchEvaluation {
  return runBatch(batch.parsed, env, (i) => {
    const verdict = batch.verdicts.get(i);
    return verdict === undefined ? verify : () => verdict;
  });
}

/**
 * The same decisions as evaluateReceiptBatch, with the signatures verified up front and in
 * parallel (thread pool) instead of one by one (`verifyBatch`, then `decideBatch` against the
 * same baselines, where every receipt that reaches the signature check was verified).
 */
export async function evaluateReceiptBatchParallel(
  inputs: readonly unknown[],
  env: Omit<ReceiptEnvironment, "verifySignature">,
  verifyMany: VerifyMany,
): Promise<BatchEvaluation> {
  return decideBatch(await verifyBatch(inputs, env, verifyMany), env, () => false);
}
