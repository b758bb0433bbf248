/**
 * The release public key built into the node CLI: a release manifest is accepted only with an
 * Ed25519 signature by its private half (`npm run release:sign`, which keeps the private key
 * outside the repository). Base64 of the SubjectPublicKeyInfo DER.
 */
import { createPublicKey, type KeyObject } from "node:crypto";

export const RELEASE_PUBLIC_KEY = "MCowBQYDK2VwAyEA3Wo13BO6sBYCHS1+ElvscloPASfD7zZZN4td1DVgdaQ=";

/**
 * TEST ONLY: replaces the built-in release key, so tests sign releases with a throwaway key.
 * Anyone who can set a relay's environment already controls it; never set this in production.
 */
export const TEST_RELEASE_KEY_ENV = "STREAMRP2P_TEST_RELEASE_PUBLIC_KEY";

export class ReleaseKeyError extends Error {
  override readonly name = "ReleaseKeyError";
}

/** The key from its base64 SPKI DER; only Ed25519 keys are accepted. */
export function releasePublicKeyFrom(spkiBase64: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spkiBase64, "base64"), format: "der", type: "spki" });
  } catch (error) {
    throw new ReleaseKeyError(`not a public key (base64 SPKI DER): ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== "ed25519")
    throw new ReleaseKeyError(`the release key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}

/** The built-in key, or the test-only override from the environment. */
export function releasePublicKey(env: NodeJS.ProcessEnv): { key: KeyObject; builtIn: boolean } {
  const override = env[TEST_RELEASE_KEY_ENV];
  if (override) return { key: releasePublicKeyFrom(override), builtIn: false };
  return { key: releasePublicKeyFrom(RELEASE_PUBLIC_KEY), builtIn: true };
}
