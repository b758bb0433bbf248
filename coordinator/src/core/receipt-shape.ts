/**
 * A fast exact check of the wire receipt: true iff `signedReceipt` (protocol/src/receipt.ts)
 * accepts the value and its output equals the input (addresses and hashes already lowercase,
 * which its transforms would produce). The consumer runs this on every receipt and calls zod
 * only for the others, which it still decides on (lowercasing, or the rejection's message).
 */
import type { SignedReceipt } from "@streamrp2p/protocol/receipt";

const SESSION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const LOWER_ADDRESS = /^0x[0-9a-f]{40}$/;
const LOWER_HEX32 = /^0x[0-9a-f]{64}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;
const FIELDS = 8;

const isUint53 = (value: unknown): boolean =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
const matches = (value: unknown, pattern: RegExp): boolean =>
  typeof value === "string" && pattern.test(value);

export function isCanonicalSignedReceipt(value: unknown): value is SignedReceipt {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const r = value as Record<string, unknown>;
  // Exactly the eight fields, all own: the schema is strict.
  if (Object.keys(r).length !== FIELDS) return false;
  return (
    Object.hasOwn(r, "sessionId") &&
    Object.hasOwn(r, "relay") &&
    Object.hasOwn(r, "streamId") &&
    Object.hasOwn(r, "bytes") &&
    Object.hasOwn(r, "segments") &&
    Object.hasOwn(r, "lastSequence") &&
    Object.hasOwn(r, "timestamp") &&
    Object.hasOwn(r, "signature") &&
    matches(r.sessionId, SESSION_ID) &&
    matches(r.relay, LOWER_ADDRESS) &&
    matches(r.streamId, LOWER_HEX32) &&
    isUint53(r.bytes) &&
    isUint53(r.segments) &&
    isUint53(r.lastSequence) &&
    isUint53(r.timestamp) &&
    matches(r.signature, SIGNATURE)
  );
}
