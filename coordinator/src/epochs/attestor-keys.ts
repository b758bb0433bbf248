/**
 * The attestor keys: from ATTESTOR_PRIVATE_KEYS, or one key from an encrypted Web3
 * secret-storage v3 file (scrypt or pbkdf2, aes-128-ctr, keccak MAC, as geth and ethers
 * write it). Keys never reach a log; errors name the source, never the secret.
 */
import { createDecipheriv, pbkdf2Sync, scryptSync } from "node:crypto";
import { readFile } from "node:fs/promises";
import { concatBytes, hexToBytes, keccak256, type LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { z } from "zod";

export class AttestorKeyError extends Error {
  override readonly name = "AttestorKeyError";
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
      dklen: z.number().int().min(32),
      salt: hex,
      n: z.number().int().optional(),
      r: z.number().int().optional(),
      p: z.number().int().optional(),
      c: z.number().int().optional(),
    }),
    mac: hex,
  }),
});

const bytes = (value: string) => hexToBytes(`0x${value.replace(/^0x/, "")}`);

/** Decrypts a v3 keystore to its private key. */
export function decryptKeystore(json: string, password: string): `0x${string}` {
  let parsed: z.infer<typeof keystoreV3>;
  try {
    const raw = JSON.parse(json) as Record<string, unknown>;
    parsed = keystoreV3.parse({ ...raw, crypto: raw.crypto ?? raw.Crypto });
  } catch (cause) {
    throw new AttestorKeyError("ATTESTOR_KEYSTORE is not a v3 keystore file", { cause });
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
  const expected = keccak256(concatBytes([derived.subarray(16, 32), cipherBytes]));
  if (expected.slice(2).toLowerCase() !== mac.replace(/^0x/, "").toLowerCase())
    throw new AttestorKeyError("wrong ATTESTOR_KEYSTORE_PASSWORD (MAC mismatch)");
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), bytes(cipherparams.iv));
  const key = Buffer.concat([decipher.update(cipherBytes), decipher.final()]);
  if (key.length !== 32)
    throw new AttestorKeyError("ATTESTOR_KEYSTORE does not hold a 32-byte key");
  return `0x${key.toString("hex")}`;
}

export interface AttestorKeySource {
  attestorPrivateKeys?: readonly string[] | undefined;
  attestorKeystore?: string | undefined;
  attestorKeystorePassword?: string | undefined;
}

/** The attestor accounts the config names (none: attestations are not signed). */
export async function loadAttestors(source: AttestorKeySource): Promise<LocalAccount[]> {
  const keys = [...(source.attestorPrivateKeys ?? [])] as `0x${string}`[];
  if (source.attestorKeystore) {
    const json = await readFile(source.attestorKeystore, "utf8").catch((cause: unknown) => {
      throw new AttestorKeyError(`cannot read ATTESTOR_KEYSTORE ${source.attestorKeystore}`, {
        cause,
      });
    });
    keys.push(decryptKeystore(json, source.attestorKeystorePassword ?? ""));
  }
  return keys.map((k) => privateKeyToAccount(k));
}
