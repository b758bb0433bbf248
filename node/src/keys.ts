/**
 * Loads a signing key from an environment variable or an encrypted keystore file (Web3 Secret
 * Storage v3: scrypt or pbkdf2, aes-128-ctr, keccak MAC — the format geth and ethers write).
 * The key is never logged; errors name the source, never the secret.
 */
import { readFile } from "node:fs/promises";
import { decryptKeystore as decrypt } from "@streamrp2p/client/keys/decryptKeystore";
import { KeystoreError } from "@streamrp2p/client/errors/KeystoreError";

export class KeyLoadError extends Error {
  override readonly name = "KeyLoadError";
}

/** Decrypts a v3 keystore; throws KeyLoadError on a wrong password or a malformed file. */
export function decryptKeystore(json: string, password: string): `0x${string}` {
  try {
    return decrypt(json, password);
  } catch (error) {
    if (error instanceof KeystoreError) throw new KeyLoadError(error.message, { cause: error });
    throw error;
  }
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
