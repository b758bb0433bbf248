/**
 * The coordinator's fast receipt verification: node:crypto with cached KeyObjects (measured
 * faster than WebCrypto's subtle.verify, see scripts/bench/receipt-verify.ts). Same bytes and
 * signature format as protocol/src/receipt.ts, which stays browser-safe.
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { encodeReceipt, type Receipt } from "@streamrp2p/protocol/receipt";

const SIGNATURE = /^[A-Za-z0-9_-]{86}$/;
/**
 * SPKI DER of an uncompressed P-256 key (what WebCrypto exports): this fixed header (id-ecPublicKey,
 * prime256v1, bit string) then the 65-byte point. Checked before the (costlier) import.
 */
const P256_SPKI_PREFIX = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex");
const P256_SPKI_LENGTH = 91;

/**
 * The DER form (SEQUENCE of two INTEGERs) of a 64-byte IEEE P1363 signature r || s, as WebCrypto
 * produces. node:crypto verifies a bare KeyObject with a DER signature on libuv's thread pool;
 * with `{ key, dsaEncoding: "ieee-p1363" }` it spends most of the verification time on the
 * calling thread (measured on Node 24: 4,000 verifies issued in 21-103 ms against 280-400 ms),
 * which left the "parallel" verification serial.
 */
export function p1363ToDer(signature: Buffer): Buffer {
  const r = derInteger(signature.subarray(0, 32));
  const s = derInteger(signature.subarray(32, 64));
  return Buffer.concat([Buffer.from([0x30, r.length + s.length]), r, s]);
}

/** A DER INTEGER of an unsigned big-endian number: minimal, with a 0 byte before a high bit. */
function derInteger(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const digits = value.subarray(start);
  const pad = digits[0]! >= 0x80 ? 1 : 0;
  const out = Buffer.alloc(2 + pad + digits.length);
  out[0] = 0x02;
  out[1] = pad + digits.length;
  digits.copy(out, 2 + pad);
  return out;
}

export interface SignatureCheck {
  publicKey: string;
  receipt: Receipt;
  signature: string;
}

export interface ReceiptVerifier {
  /** True iff `signature` is the session key's signature of `receipt`; false on malformed input. */
  verify(publicKeySpkiB64url: string, receipt: Receipt, signature: string): boolean;
  /**
   * The same for many receipts at once, on libuv's thread pool (so verification runs on every
   * core while the caller's thread keeps parsing and checking). Results in input order.
   */
  verifyMany(checks: readonly SignatureCheck[]): Promise<boolean[]>;
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
    const der = Buffer.from(spki, "base64url");
    if (
      der.length === P256_SPKI_LENGTH &&
      der.subarray(0, P256_SPKI_PREFIX.length).equals(P256_SPKI_PREFIX)
    ) {
      try {
        key = createPublicKey({ key: der, format: "der", type: "spki" });
      } catch {
        key = null;
      }
    }
    if (keys.size >= maxCachedKeys) keys.delete(keys.keys().next().value!);
    keys.set(spki, key);
    return key;
  }

  /** The verify call's arguments, or null when the input cannot verify. */
  function prepare(spki: string, receipt: Receipt, signature: string) {
    if (typeof signature !== "string" || !SIGNATURE.test(signature)) return null;
    const key = keyFor(spki);
    if (key === null) return null;
    try {
      return {
        data: encodeReceipt(receipt),
        key,
        sig: p1363ToDer(Buffer.from(signature, "base64url")),
      };
    } catch {
      return null;
    }
  }

  return {
    verify(spki, receipt, signature) {
      const args = prepare(spki, receipt, signature);
      return args !== null && verify("sha256", args.data, args.key, args.sig);
    },
    verifyMany(checks) {
      return Promise.all(
        checks.map(({ publicKey, receipt, signature }) => {
          const args = prepare(publicKey, receipt, signature);
          if (args === null) return false;
          return new Promise<boolean>((resolve) => {
            verify("sha256", args.data, args.key, args.sig, (error, ok) =>
              resolve(error === null && ok),
            );
          });
        }),
      );
    },
    get cachedKeys() {
      return keys.size;
    },
  };
}
