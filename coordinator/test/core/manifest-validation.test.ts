import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { relayStakingDomain } from "@streamrp2p/protocol";
import { findManifestProblems, recoverManifestSigner } from "../../src/core/manifest-validation.ts";
import { CHAIN_ID, STAKING_ADDRESS, hash32, newAccount, signEntry } from "../support/harness.ts";

const origin = newAccount();
const streamId = hash32(0xabc);
const domain = relayStakingDomain(CHAIN_ID, STAKING_ADDRESS);
const check = { streamId, originAddress: origin.address, domain };
const entry = (sequence: number) => ({
  streamId,
  sequence,
  size: 10,
  durationMs: 1000,
  hash: hash32(sequence + 1),
});

describe("findManifestProblems", () => {
  it("accepts entries signed by the origin key for this stream and domain", async () => {
    const entries = [await signEntry(origin, entry(0)), await signEntry(origin, entry(1))];
    assert.deepEqual(await findManifestProblems(entries, check), []);
    assert.equal(await recoverManifestSigner(entries[0]!, domain), origin.address.toLowerCase());
  });

  it("reports every bad entry: other signer, altered field, other domain, other stream, duplicate", async () => {
    const other = newAccount();
    const entries = [
      await signEntry(origin, entry(0)),
      await signEntry(other, entry(1)),
      { ...(await signEntry(origin, entry(2))), hash: hash32(99) },
      await signEntry(origin, entry(3), CHAIN_ID, "0x0000000000000000000000000000000000000001"),
      await signEntry(origin, { ...entry(4), streamId: hash32(5) }),
      await signEntry(origin, entry(0)),
    ];
    const problems = await findManifestProblems(entries, check);
    assert.deepEqual(
      problems.map((p) => [p.sequence, p.reason]),
      [
        [1, "bad-signature"],
        [2, "bad-signature"],
        [3, "bad-signature"],
        [4, "stream-mismatch"],
        [0, "duplicate-sequence"],
      ],
    );
    assert.equal((problems[0] as { recovered: string }).recovered, other.address.toLowerCase());
  });

  it("treats an unrecoverable signature as bad", async () => {
    const zero = {
      ...(await signEntry(origin, entry(0))),
      signature: `0x${"00".repeat(65)}` as `0x${string}`,
    };
    assert.equal(await recoverManifestSigner(zero, domain), null);
    assert.equal((await findManifestProblems([zero], check))[0]!.reason, "bad-signature");
  });
});
