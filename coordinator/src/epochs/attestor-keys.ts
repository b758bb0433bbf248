/**
 * The attestor keys: from ATTESTOR_PRIVATE_KEYS, or one key from an encrypted Web3
 * secret-storage v3 file (scrypt or pbkdf2, aes-128-ctr, keccak MAC, as geth and ethers
 * write it). Keys never reach a log; errors name the source, never the secret.
 */
import { readFile } from "node:fs/promises";
import type { LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { decryptKeystore as decrypt } from "@streamrp2p/client/keys/decryptKeystore";
import { KeystoreError } from "@streamrp2p/client/errors/KeystoreError";

export class AttestorKeyError extends Error {
  override readonly name = "AttestorKeyError";
}

/** Decrypts the ATTESTOR_KEYSTORE file to its private key. */
export function decryptKeystore(json: string, password: string): `0x${string}` {
  try {
    return decrypt(json, password);
  } catch (error) {
    if (error instanceof KeystoreError) {
      throw new AttestorKeyError(`ATTESTOR_KEYSTORE: ${error.message}`, { cause: error });
    }
    throw error;
  }
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
