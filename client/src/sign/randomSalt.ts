import { bytesToHex, type Hex } from "viem";

/** 32 random bytes (WebCrypto, in the browser and in Node) for an owner-bound stream id. */
export function randomSalt(): Hex {
  return bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}
