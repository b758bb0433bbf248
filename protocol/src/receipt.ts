/**
 * Viewer receipts: the cumulative, viewer-signed statement of what one relay delivered to one
 * viewer session. Browser- and Node-safe (WebCrypto via globalThis.crypto.subtle, no Buffer).
 *
 * Wire format (JSON): the fields of `receipt` plus `signature`, an ECDSA P-256/SHA-256
 * signature in IEEE P1363 form (raw r||s, 64 bytes, as WebCrypto produces) as base64url.
 *
 * Signed bytes (`encodeReceipt`), fixed order, big-endian, no padding between fields:
 *
 *   "streamrp2p/receipt/v1" 0x00          domain separator (22 bytes)
 *   u8 length || sessionId (ASCII)        1..128 bytes
 *   relay                                 20 bytes
 *   streamId                              32 bytes
 *   bytes, segments, lastSequence,
 *   timestamp                             4 x u64
 *
 * Receipts are cumulative since the session started: a newer receipt replaces the older
 * ones, and a coordinator credits only the increase over the last receipt it accepted.
 */
import { z } from "zod";
import { address, hex32 } from "./primitives.ts";

export const RECEIPT_DOMAIN = "streamrp2p/receipt/v1";

const uint53 = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const SESSION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Session ids are opaque to the protocol: 1..128 characters of [A-Za-z0-9._:-]. */
export const sessionId = z.string().regex(SESSION_ID, "expected a session id");

/** base64url (no padding) of a 64-byte IEEE P1363 ECDSA P-256 signature. */
export const receiptSignature = z
  .string()
  .regex(/^[A-Za-z0-9_-]{86}$/, "expected a 64-byte base64url signature");

/** base64url SPKI DER of an ECDSA P-256 public key (91 bytes -> 122 characters). */
export const sessionPublicKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{40,200}$/, "expected base64url SPKI");

export const receipt = z.strictObject({
  sessionId,
  /** The relay that delivered the bytes (its operator address). */
  relay: address,
  streamId: hex32,
  /** Media bytes received from this relay in this session, in total. */
  bytes: uint53,
  /** Segments received from this relay in this session, in total. */
  segments: uint53,
  /** Highest segment sequence received from this relay. */
  lastSequence: uint53,
  /** When the viewer signed, ms since the Unix epoch (viewer's clock). */
  timestamp: uint53,
});
export type Receipt = z.infer<typeof receipt>;

export const signedReceipt = receipt.extend({ signature: receiptSignature });
export type SignedReceipt = z.infer<typeof signedReceipt>;

/**
 * What a relay posts to the coordinator: the latest receipt of each session it serves. Items
 * stay `unknown` here so one malformed receipt is rejected on its own, not the whole batch.
 */
export const receiptBatch = z.strictObject({ receipts: z.array(z.unknown()).min(1).max(5000) });

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const ECDSA_SHA256 = { name: "ECDSA", hash: "SHA-256" } as const;
const DOMAIN_BYTES = new TextEncoder().encode(`${RECEIPT_DOMAIN}\0`);
const TWO_POW_32 = 0x1_0000_0000;

export class ReceiptEncodingError extends Error {
  override readonly name = "ReceiptEncodingError";
}

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE["0123456789abcdef".charCodeAt(i)] = i;
  HEX_VALUE["0123456789ABCDEF".charCodeAt(i)] = i;
}

function writeHex(out: Uint8Array, offset: number, hex: string, length: number): void {
  if (hex.length !== 2 + length * 2)
    throw new ReceiptEncodingError(`expected ${length} bytes of hex`);
  for (let i = 0; i < length; i++) {
    const hi = HEX_VALUE[hex.charCodeAt(2 + i * 2)] ?? -1;
    const lo = HEX_VALUE[hex.charCodeAt(3 + i * 2)] ?? -1;
    if (hi < 0 || lo < 0) throw new ReceiptEncodingError("invalid hex");
    out[offset + i] = (hi << 4) | lo;
  }
}

function writeU32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 24;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}

function writeU64(out: Uint8Array, offset: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ReceiptEncodingError(`not a uint53: ${value}`);
  }
  writeU32(out, offset, Math.floor(value / TWO_POW_32));
  writeU32(out, offset + 4, value % TWO_POW_32);
}

/** The canonical bytes a receipt signature covers (see the module comment). */
export function encodeReceipt(r: Receipt): Uint8Array<ArrayBuffer> {
  const id = r.sessionId;
  if (!SESSION_ID.test(id)) throw new ReceiptEncodingError("invalid session id");
  const out = new Uint8Array(DOMAIN_BYTES.length + 1 + id.length + 20 + 32 + 32);
  out.set(DOMAIN_BYTES, 0);
  let o = DOMAIN_BYTES.length;
  out[o++] = id.length;
  for (let i = 0; i < id.length; i++) out[o++] = id.charCodeAt(i);
  writeHex(out, o, r.relay, 20);
  o += 20;
  writeHex(out, o, r.streamId, 32);
  o += 32;
  writeU64(out, o, r.bytes);
  writeU64(out, o + 8, r.segments);
  writeU64(out, o + 16, r.lastSequence);
  writeU64(out, o + 24, r.timestamp);
  return out;
}

export function base64urlEncode(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes unpadded base64url; throws on anything else. */
export function base64urlDecode(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new ReceiptEncodingError("invalid base64url");
  }
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export interface SessionKey {
  keyPair: CryptoKeyPair;
  /** SPKI DER of the public key as base64url: what the viewer registers with its session. */
  publicKey: string;
}

/** A fresh ephemeral session key; the private key is not extractable. */
export async function createSessionKey(): Promise<SessionKey> {
  const keyPair = await crypto.subtle.generateKey(ECDSA_P256, false, ["sign", "verify"]);
  const spki = new Uint8Array(await crypto.subtle.exportKey("spki", keyPair.publicKey));
  return { keyPair, publicKey: base64urlEncode(spki) };
}

/** Signs a receipt; returns the base64url P1363 signature that goes in `signature`. */
export async function signReceipt(privateKey: CryptoKey, r: Receipt): Promise<string> {
  const sig = await crypto.subtle.sign(ECDSA_SHA256, privateKey, encodeReceipt(r));
  return base64urlEncode(new Uint8Array(sig));
}

/** Imports a session's base64url SPKI public key for `verifyReceiptWithKey`. */
export function importSessionPublicKey(publicKeySpkiB64url: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("spki", base64urlDecode(publicKeySpkiB64url), ECDSA_P256, false, [
    "verify",
  ]);
}

/** True iff `signature` is the session key's signature of `r`. False on any malformed input. */
export async function verifyReceiptWithKey(
  publicKey: CryptoKey,
  r: Receipt,
  signature: string,
): Promise<boolean> {
  try {
    const sig = base64urlDecode(signature);
    if (sig.length !== 64) return false;
    return await crypto.subtle.verify(ECDSA_SHA256, publicKey, sig, encodeReceipt(r));
  } catch {
    return false;
  }
}

/** True iff `signature` is the given session key's signature of `r`. False on any malformed input. */
export async function verifyReceipt(
  publicKeySpkiB64url: string,
  r: Receipt,
  signature: string,
): Promise<boolean> {
  let key: CryptoKey;
  try {
    key = await importSessionPublicKey(publicKeySpkiB64url);
  } catch {
    return false;
  }
  return verifyReceiptWithKey(key, r, signature);
}
