/**
 * Loads a signing key from an environment variable or an encrypted keystore file (Web3 Secret
 * Storage v3: scrypt or pbkdf2, aes-128-ctr, keccak MAC — the format geth and ethers write).
 * The key is never logged; errors name the source, never the secret.
 */
import { createDecipheriv, pbkdf2Sync, scryptSync } from "node:crypto";
import { readFile } from "node:fs/promises";
import { bytesToHex, concatBytes, hexToBytes, keccak256 } from "viem";
import { z } from "zod";

export class KeyLoadError extends Error {
  override readonly name = "KeyLoadError";
}

const hex = z.string().regex(/^(0x)?[0-9a-fA-F]*$/);
const keystoreV3 = z.object({
  version: z.literal(3),
  crypto: z.object({
    cipher: z.literal("aes-128-ctr"),
    ciphertext: hex,
    cipherparams: z.object({ iv: hex }),
    kdf: z.enum(["scrypt", "pbkdf2"]),
    kdfparams: z.object({
      dklen: z.number().int(),
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

/** Decrypts a v3 keystore; throws KeyLoadError on a wrong password or a malformed file. */
export function decryptKeystore(json: string, password: string): `0x${string}` {
  let parsed: z.infer<typeof keystoreV3>;
  try {
    const raw = JSON.parse(json) as Record<string, unknown>;
    parsed = keystoreV3.parse({ ...raw, crypto: raw.crypto ?? raw.Crypto });
  } catch (cause) {
    throw new KeyLoadError("not a v3 keystore file", { cause });
  }
  const { kdf, kdfparams, ciphertext, cipherparams, mac } = parsed.crypto;
  const salt = bytes(kdfparams.salt);
  const derived =
    kdf === "scrypt"
      ? scryptSync(password.normalize("NFKC"), salt, kdfparams.dklen, {
          N: kdfparams.n ?? 262144,
          r: kdfparams.r ?? 8,
          p: kdfparams.p ?? 1,
          maxmem: 1024 * 1024 * 1024,
        })
      : pbkdf2Sync(
          password.normalize("NFKC"),
          salt,
          kdfparams.c ?? 262144,
          kdfparams.dklen,
          "sha256",
        );
  const cipherBytes = bytes(ciphertext);
  const expectedMac = keccak256(concatBytes([derived.subarray(16, 32), cipherBytes]));
  if (expectedMac.slice(2).toLowerCase() !== mac.replace(/^0x/, "").toLowerCase()) {
    throw new KeyLoadError("wrong keystore password (MAC mismatch)");
  }
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), bytes(cipherparams.iv));
  const key = Buffer.concat([decipher.update(cipherBytes), decipher.final()]);
  if (key.length !== 32) throw new KeyLoadError("keystore does not hold a 32-byte key");
  return bytesToHex(key);
}

/** The private key from `envValue` (0x hex) or else from `keystore` + password. */
export async function loadPrivateKey(source: {
  name: string;
  envValue: string | undefined;
  keystore: string | undefined;
  password: string | undefined;
}): Promise<`0x${string}`> {
  if (source.envValue) {
    const value = source.envValue.trim();
    const key = (value.startsWith("0x") ? value : `0x${value}`) as `0x${string}`;
    if (!/^0x[0-9a-fA-F]{64}$/.test(key))
      throw new KeyLoadError(`${source.name} is not a 32-byte hex private key`);
    return key;
  }
  if (source.keystore) {
    if (source.password === undefined)
      throw new KeyLoadError("KEYSTORE_PASSWORD is required to open the keystore");
    let json: string;
    try {
      json = await readFile(source.keystore, "utf8");
    } catch (cause) {
      throw new KeyLoadError(`cannot read keystore ${source.keystore}`, { cause });
    }
    return decryptKeystore(json, source.password);
  }
  throw new KeyLoadError(
    `no key: set ${source.name} or pass --keystore FILE (with KEYSTORE_PASSWORD)`,
  );
}
