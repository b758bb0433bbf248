/**
 * Checks the origin's EIP-712 signatures (manifest and part entries) against the origin's
 * public key, learned once, instead of recovering the signer from every signature.
 *
 * Accepts exactly what `recoverAddress({ hash, signature }) === origin` (viem) accepts: the
 * first signature of an origin is checked that way, and the public key it recovers (whose
 * address is the origin's) is kept with noble's precomputed multiples. A later signature
 * (r, s, v) over digest z is the origin's when R = z/s·G + r/s·Q is the point recovery would
 * start from: R.x = r and R.y's parity is v's recovery bit (27/0 even, 28/1 odd). That is
 * the equation of noble's `verify` plus the recovery bit, which `verify` ignores but
 * recovery does not (a signature with v flipped recovers another address). noble's own
 * `verify` parses the key from bytes on every call, so it cannot use precomputed multiples.
 * Both sides allow high s (recovery does), r and s must lie in [1, n).
 *
 * A key is a function of the address, so the key kept stands until the expected address
 * changes (a rotated origin key is a new address): then the next signature is recovered
 * again. A signature that does not verify under the kept key is refused, never recovered.
 */
import { hexToBytes, recoverPublicKey, type Address, type Hex, type TypedDataDomain } from "viem";
import { publicKeyToAddress } from "viem/utils";

type Secp256k1 = (typeof import("@noble/curves/secp256k1"))["secp256k1"];
type CurvePoint = InstanceType<Secp256k1["Point"]>;

/** Why a signature is not the origin's; `signer` when it recovers to another address. */
export type SignatureVerdict = { ok: true } | { ok: false; signer?: Address; error?: string };

const SIGNATURE = /^0x[0-9a-fA-F]{130}$/;
/** Window of the precomputed multiples of the origin key (noble's default for G). */
const WINDOW = 8;

export class OriginSignatureVerifier {
  /** Signatures checked under the kept key, and how many were recovered instead. */
  readonly counts = { fast: 0, recovered: 0 };
  private kept: { address: string; key: CurvePoint } | undefined;

  /** Whether `signature` over the EIP-712 digest `digest` is `origin`'s. */
  async verify(digest: Hex, signature: string, origin: Address): Promise<SignatureVerdict> {
    const { secp256k1 } = await import("@noble/curves/secp256k1");
    const address = origin.toLowerCase();
    if (this.kept?.address === address) {
      this.counts.fast++;
      return verifiesUnder(secp256k1, this.kept.key, digest, signature)
        ? { ok: true }
        : { ok: false };
    }
    this.counts.recovered++;
    let publicKey: Hex;
    try {
      publicKey = await recoverPublicKey({ hash: digest, signature: signature as Hex });
    } catch (cause) {
      return { ok: false, error: String(cause) };
    }
    const signer = publicKeyToAddress(publicKey);
    if (signer.toLowerCase() !== address) return { ok: false, signer };
    const key = secp256k1.Point.fromHex(publicKey.slice(2));
    key.precompute(WINDOW, false);
    this.kept = { address, key };
    return { ok: true };
  }
}

/** What an origin-signed entry must match, and the verifier that keeps the origin's key. */
export interface ExpectedOrigin {
  originAddress: Address;
  streamId: Hex;
  domain: TypedDataDomain;
  /** Keep one per stream to check later entries against the learned key; without, each recovers. */
  verifier?: OriginSignatureVerifier;
}

/**
 * Whether the origin signed the EIP-712 message `digest` (hashTypedData) stands for: the
 * verifier's verdict, or why the digest could not be computed.
 */
export async function originVerdict(
  digest: () => Hex,
  signature: string,
  expected: ExpectedOrigin,
): Promise<SignatureVerdict> {
  let hash: Hex;
  try {
    hash = digest();
  } catch (cause) {
    return { ok: false, error: String(cause) };
  }
  const verifier = expected.verifier ?? new OriginSignatureVerifier();
  return verifier.verify(hash, signature, expected.originAddress);
}

/** Why a refused origin signature was refused, for an error message. */
export function refusalDetails(
  verdict: Exclude<SignatureVerdict, { ok: true }>,
  originAddress: Address,
): string {
  if (verdict.error !== undefined) return `unrecoverable signature (${verdict.error})`;
  if (verdict.signer !== undefined)
    return `signed by ${verdict.signer}, not the origin ${originAddress}`;
  return `does not verify under the key of the origin ${originAddress}`;
}

/**
 * Whether (r, s, v) = `signature` recovers `key` from `digest`: the recovery point
 * R = z/s·G + r/s·key has x = r and y of v's parity.
 */
function verifiesUnder(
  secp256k1: Secp256k1,
  key: CurvePoint,
  digest: Hex,
  signature: string,
): boolean {
  if (!SIGNATURE.test(signature)) return false;
  const recovery = recoveryBit(Number.parseInt(signature.slice(130), 16));
  if (recovery === undefined) return false;
  let r: bigint;
  let s: bigint;
  try {
    ({ r, s } = secp256k1.Signature.fromBytes(
      hexToBytes(signature.slice(0, 130) as Hex),
      "compact",
    ));
  } catch {
    return false;
  }
  const { Point } = secp256k1;
  const { Fn } = Point;
  const sInverse = Fn.inv(s);
  const R = Point.BASE.multiplyUnsafe(Fn.create(BigInt(digest) * sInverse)).add(
    key.multiplyUnsafe(Fn.create(r * sInverse)),
  );
  if (R.is0()) return false;
  const { x, y } = R.toAffine();
  return x === r && Number(y & 1n) === recovery;
}

/** viem's reading of the last signature byte: 0/27 even y, 1/28 odd y, anything else invalid. */
function recoveryBit(v: number): 0 | 1 | undefined {
  if (v === 0 || v === 27) return 0;
  if (v === 1 || v === 28) return 1;
  return undefined;
}
