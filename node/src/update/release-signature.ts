/** Signing and verifying release manifests with Ed25519 (node:crypto). */
import { sign, verify, type KeyObject } from "node:crypto";
import {
  releaseManifest,
  releaseManifestSigningBytes,
  type ReleaseManifest,
  type UnsignedReleaseManifest,
} from "@streamrp2p/protocol/release-manifest";

export type ReleaseRefusal = "MALFORMED" | "BAD_SIGNATURE" | "WRONG_HASH";

/** A release was refused: the running binary stays. */
export class ReleaseVerificationError extends Error {
  override readonly name = "ReleaseVerificationError";
  readonly code: ReleaseRefusal;
  constructor(code: ReleaseRefusal, message: string) {
    super(message);
    this.code = code;
  }
}

export function signReleaseManifest(
  manifest: UnsignedReleaseManifest,
  privateKey: KeyObject,
): ReleaseManifest {
  const signature = sign(null, releaseManifestSigningBytes(manifest), privateKey);
  return { ...manifest, signature: signature.toString("base64") };
}

/** Parses an untrusted manifest and checks its signature; throws ReleaseVerificationError. */
export function verifyReleaseManifest(json: unknown, publicKey: KeyObject): ReleaseManifest {
  const parsed = releaseManifest.safeParse(json);
  if (!parsed.success)
    throw new ReleaseVerificationError(
      "MALFORMED",
      `malformed release manifest: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const { signature, ...unsigned } = parsed.data;
  const ok = verify(
    null,
    releaseManifestSigningBytes(unsigned),
    publicKey,
    Buffer.from(signature, "base64"),
  );
  if (!ok)
    throw new ReleaseVerificationError(
      "BAD_SIGNATURE",
      `release ${parsed.data.version}: the signature is not the release key's`,
    );
  return parsed.data;
}
