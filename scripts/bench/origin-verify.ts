/**
 * The check of one origin-signed entry on this machine, same entries for every contestant:
 *   recover      viem's recoverTypedDataAddress and an address comparison (the relay's and the
 *                player's check before protocol/src/viewer/origin-signature-verifier.ts)
 *   learned key  assertManifestEntry / assertPartEntry with an OriginSignatureVerifier that has
 *                learned the origin's key (EIP-712 digest + noble point maths on precomputed
 *                multiples of the key)
 *   digest only  viem's hashTypedData of the entry, the share of both that is not curve maths
 * The machine is shared, so contestants run interleaved, round by round, in rotating order;
 * each figure is total time over total entries (half segment entries, half part entries).
 *   node scripts/bench/origin-verify.ts [--json]
 */
import { performance } from "node:perf_hooks";
import { hashTypedData, recoverTypedDataAddress } from "viem";
import type { SignedManifestEntry, SignedPartEntry } from "../../protocol/src/api.ts";
import { manifestEntryTypes, partEntryTypes } from "../../protocol/src/eip712.ts";
import { toManifestEntry, toPartEntry } from "../../protocol/src/viewer/manifest-entry.ts";
import { OriginSignatureVerifier } from "../../protocol/src/viewer/origin-signature-verifier.ts";
import { assertPartEntry } from "../../protocol/src/viewer/verify-part.ts";
import { assertManifestEntry } from "../../protocol/src/viewer/verify-segment.ts";
import { TEST_DOMAIN, signPart, signSegment, testOrigin } from "../lib/test-fixtures.ts";
import { report } from "./report.ts";

const ENTRIES = 200;
const ROUNDS = 6;

const origin = testOrigin;
const domain = TEST_DOMAIN;
const streamId = `0x${"ab".repeat(32)}` as const;

const segments: SignedManifestEntry[] = [];
const parts: SignedPartEntry[] = [];
for (let i = 0; i < ENTRIES / 2; i++) {
  const fields = { streamId, sequence: i, durationMs: 1000 };
  segments.push(await signSegment(origin, fields, new Uint8Array(70_000 + i)));
  const part = { ...fields, part: i % 4, durationMs: 250, independent: i % 4 === 0 };
  parts.push(await signPart(origin, part, new Uint8Array(17_000).fill(i)));
}

const verifier = new OriginSignatureVerifier();
const expected = { originAddress: origin.address, streamId, domain, verifier };
await assertManifestEntry(segments[0]!, expected);

const contestants: Record<string, () => Promise<void>> = {
  recover: async () => {
    for (let i = 0; i < segments.length; i++) {
      const segment = await recoverTypedDataAddress({
        domain,
        types: manifestEntryTypes,
        primaryType: "ManifestEntry",
        message: toManifestEntry(segments[i]!),
        signature: segments[i]!.signature,
      });
      const part = await recoverTypedDataAddress({
        domain,
        types: partEntryTypes,
        primaryType: "PartEntry",
        message: toPartEntry(parts[i]!),
        signature: parts[i]!.signature,
      });
      if (segment !== origin.address || part !== origin.address) throw new Error("not the origin");
    }
  },
  learned: async () => {
    for (let i = 0; i < segments.length; i++) {
      await assertManifestEntry(segments[i]!, expected);
      await assertPartEntry(parts[i]!, expected);
    }
  },
  digest: async () => {
    for (let i = 0; i < segments.length; i++) {
      hashTypedData({
        domain,
        types: manifestEntryTypes,
        primaryType: "ManifestEntry",
        message: toManifestEntry(segments[i]!),
      });
      hashTypedData({
        domain,
        types: partEntryTypes,
        primaryType: "PartEntry",
        message: toPartEntry(parts[i]!),
      });
    }
  },
};

const names = Object.keys(contestants);
const totalMs = Object.fromEntries(names.map((n) => [n, 0]));
for (const name of names) await contestants[name]!(); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + k) % names.length]!;
    const start = performance.now();
    await contestants[name]!();
    totalMs[name]! += performance.now() - start;
  }
}
if (verifier.counts.recovered !== 1) throw new Error("the verifier recovered more than once");
const perEntry = (name: string) => totalMs[name]! / (ROUNDS * ENTRIES);

report("origin-verify", [
  {
    key: "originEntryRecoverMs",
    value: perEntry("recover"),
    unit: "ms",
    note: "viem recoverTypedDataAddress per entry",
  },
  {
    key: "originEntryLearnedKeyMs",
    value: perEntry("learned"),
    unit: "ms",
    note: "assert*Entry with a verifier that learned the origin's key",
  },
  {
    key: "originEntryDigestMs",
    value: perEntry("digest"),
    unit: "ms",
    note: "hashTypedData alone, included in both",
  },
]);
