/**
 * Web3 Secret Storage v3 keystores (scrypt or pbkdf2, aes-128-ctr, keccak MAC: the format geth
 * and ethers write), for the node CLI's operator and origin keys and the coordinator's
 * attestor keys. Node only (node:crypto): import it as `@streamrp2p/client/keys/decryptKeystore`;
 * the package index, which the browser imports, does not re-export it.
 */
import { createDecipheriv, pbkdf2Sync, scryptSync } from "node:crypto";
import { concatBytes, hexToBytes, keccak256 } from "viem";
import { z } from "zod";
import { KeystoreError } from "../errors/KeystoreError.ts";

const hex = z.string().regex(/^(0x)?[0-9a-fA-F]*$/);
const keystoreV3 = z.object({
  version: z.literal(3),
  crypto: z.object({
    cipher: z.literal("aes-128-ctr"),
    ciphertext: hex,
    cipherparams: z.object({ iv: hex }),
    kdf: z.enum(["scrypt", "pbkdf2"]),
    kdfparams: z.object({
      dklen: z.number().int().min(32),
      salt: hex,
      n: z.number().int().optional(),
      r: z.number().int().optional(),
      p: z.number().int().optional(),
      c: z.number().int().optional(),
      prf: z.literal("hmac-sha256").optional(),
    }),
    mac: hex,
  }),
});

const bytes = (value: string) => hexToBytes(`0x${value.replace(/^0x/, "")}`);

/** Decrypts a v3 keystore to its 32-byte private key. */
export function decryptKeystore(json: string, password: string): `0x${string}` {
  let parsed: z.infer<typeof keystoreV3>;
  try {
    const raw = JSON.parse(json) as Record<string, unknown>;
    parsed = keystoreV3.parse({ ...raw, crypto: raw.crypto ?? raw.Crypto });
  } catch (cause) {
    throw new KeystoreError("not a v3 keystore file", { cause });
  }
  const { kdf, kdfparams, ciphertext, cipherparams, mac } = parsed.crypto;
  const salt = bytes(kdfparams.salt);
  const secret = password.normalize("NFKC");
  const derived =
    kdf === "scrypt"
      ? scryptSync(secret, salt, kdfparams.dklen, {
          N: kdfparams.n ?? 262144,
          r: kdfparams.r ?? 8,
          p: kdfparams.p ?? 1,
          maxmem: 1024 * 1024 * 1024,
        })
      : pbkdf2Sync(secret, salt, kdfparams.c ?? 262144, kdfparams.dklen, "sha256");
  const cipherBytes = bytes(ciphertext);
  const expectedMac = keccak256(concatBytes([derived.subarray(16, 32), cipherBytes]));
  if (expectedMac.slice(2).toLowerCase() !== mac.replace(/^0x/, "").toLowerCase()) {
    throw new KeystoreError("wrong keystore password (MAC mismatch)");
  }
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), bytes(cipherparams.iv));
  const key = Buffer.concat([decipher.update(cipherBytes), decipher.final()]);
  if (key.length !== 32) throw new KeystoreError("keystore does not hold a 32-byte key");
  return `0x${key.toString("hex")}`;
}
