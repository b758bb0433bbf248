/**
 * The coordinator's fast receipt verification: node:crypto with cached KeyObjects (measured
 * faster than WebCrypto's subtle.verify, see scripts/bench/receipt-verify.ts). Same bytes and
 * signature format as protocol/src/receipt.ts, which stays browser-safe.
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { encodeReceipt, type Receipt } from "@streamrp2p/protocol/receipt";

const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

export interface ReceiptVerifier {
  /** True iff `signature` is the session key's signature of `receipt`; false on malformed input. */
  verify(publicKeySpkiB64url: string, receipt: Receipt, signature: string): boolean;
  /** Keys currently cached (valid or known-bad). */
  readonly cachedKeys: number;
}

export interface ReceiptVerifierOptions {
  /** Most keys kept; the least recently used goes first. */
  maxCachedKeys?: number;
}

export function createReceiptVerifier({
  maxCachedKeys = 200_000,
}: ReceiptVerifierOptions = {}): ReceiptVerifier {
  const keys = new Map<string, KeyObject | null>();

  function keyFor(spki: string): KeyObject | null {
    const cached = keys.get(spki);
    if (cached !== undefined) {
      keys.delete(spki);
      keys.set(spki, cached);
      return cached;
    }
    let key: KeyObject | null = null;
    try {
      const k = createPublicKey({
        key: Buffer.from(spki, "base64url"),
        format: "der",
        type: "spki",
      });
      if (k.asymmetricKeyType === "ec" && k.asymmetricKeyDetails?.namedCurve === "prime256v1")
        key = k;
    } catch {
      key = null;
    }
    if (keys.size >= maxCachedKeys) keys.delete(keys.keys().next().value!);
    keys.set(spki, key);
    return key;
  }

  return {
    verify(spki, receipt, signature) {
      if (typeof signature !== "string" || !SIGNATURE.test(signature)) return false;
      const key = keyFor(spki);
      if (key === null) return false;
      try {
        return verify(
          "sha256",
          encodeReceipt(receipt),
          { key, dsaEncoding: "ieee-p1363" },
          Buffer.from(signature, "base64url"),
        );
      } catch {
        return false;
      }
    },
    get cachedKeys() {
      return keys.size;
    },
  };
}
