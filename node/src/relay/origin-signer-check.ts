/**
 * A relay carries a stream, and signs a delivery statement for its sequence s, only if
 * `RelayStaking.originSignerAt(streamId, s)` is the origin key the coordinator gave it (issue 9,
 * finding 2): otherwise whoever registered the stream on-chain with another key could sign a
 * second hash for s and have the relay slashed with its own statement.
 *
 * Answers are cached per stream. A cached answer read at sequence r stands for sequences >= r for
 * at most `maxAgeMs`; an older answer, or a sequence below r, is read again. A rotation
 * (`rotateOriginSigner(streamId, signer, fromSequence)`) is therefore seen within `maxAgeMs`;
 * statements signed in that window name entries signed by a key the stream did have, which is
 * what a tamper dispute needs to void a report against them. Chain errors are not cached and
 * refuse (fail closed).
 */
import type { PublicClient } from "viem";
import type { Deployment } from "@streamrp2p/deployments";

export type OriginSignerReader = (
  streamId: `0x${string}`,
  sequence: number,
) => Promise<`0x${string}`>;

export type OriginCheckRefusal =
  "origin-signer-mismatch" | "stream-not-registered" | "chain-unreachable";

export type OriginCheckResult =
  { ok: true } | { ok: false; reason: OriginCheckRefusal; onChain?: `0x${string}`; error?: string };

const ZERO = "0x0000000000000000000000000000000000000000";

/** `originSignerAt` of a deployment's RelayStaking through a viem public client. */
export function originSignerReader(
  client: Pick<PublicClient, "readContract">,
  staking: Deployment["contracts"]["RelayStaking"],
): OriginSignerReader {
  return (streamId, sequence) =>
    client.readContract({
      address: staking.address,
      abi: staking.abi,
      functionName: "originSignerAt",
      args: [streamId, BigInt(sequence)],
    });
}

interface Cached {
  sequence: number;
  signer: `0x${string}`;
  readAt: number;
}

export class OriginSignerCheck {
  reads = 0;
  private readonly read: OriginSignerReader;
  private readonly now: () => number;
  private readonly maxAgeMs: number;
  private readonly cache = new Map<string, Cached>();

  constructor(options: { read: OriginSignerReader; now: () => number; maxAgeMs: number }) {
    this.read = options.read;
    this.now = options.now;
    this.maxAgeMs = options.maxAgeMs;
  }

  /** Whether `expected` (the coordinator's origin key) signs `streamId` at `sequence` on-chain. */
  async check(
    streamId: `0x${string}`,
    sequence: number,
    expected: `0x${string}`,
  ): Promise<OriginCheckResult> {
    const key = streamId.toLowerCase();
    let cached = this.cache.get(key);
    if (!cached || sequence < cached.sequence || this.now() - cached.readAt >= this.maxAgeMs) {
      let signer: `0x${string}`;
      try {
        this.reads++;
        signer = await this.read(streamId, sequence);
      } catch (error) {
        return { ok: false, reason: "chain-unreachable", error: (error as Error).message };
      }
      const fresh = { sequence, signer, readAt: this.now() };
      if (!cached || sequence >= cached.sequence) this.cache.set(key, fresh);
      cached = fresh;
    }
    if (cached.signer.toLowerCase() === ZERO) return { ok: false, reason: "stream-not-registered" };
    if (cached.signer.toLowerCase() !== expected.toLowerCase())
      return { ok: false, reason: "origin-signer-mismatch", onChain: cached.signer };
    return { ok: true };
  }
}
