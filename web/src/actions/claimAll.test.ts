import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Config } from "wagmi";
import { ACCOUNT, REWARD_POOLS, deployment } from "../test/fixtures.ts";
import { claimAll } from "./claimAll.ts";
import type { SignedAttestation } from "./getRelayAttestations.ts";
import { writeContractAndWait } from "./writeContractAndWait.ts";

vi.mock("./writeContractAndWait.ts", () => ({ writeContractAndWait: vi.fn(async () => []) }));

const compact = (byte: string) => `0x${byte.repeat(64)}` as const;
const attestation = (poolId: bigint, signature: `0x${string}`): SignedAttestation => ({
  poolId,
  account: ACCOUNT,
  cumulativeBytes: 10n,
  cumulativeAmount: 20n,
  signatures: signature,
  epoch: 1,
});
const config = {} as Config;

describe("claimAll", () => {
  beforeEach(() => vi.mocked(writeContractAndWait).mockClear());

  it("claims several pools in one claimBatch with the signatures concatenated in order", async () => {
    await claimAll(config, {
      deployment,
      attestations: [attestation(1n, compact("aa")), attestation(2n, compact("bb"))],
    });
    const [, writes] = vi.mocked(writeContractAndWait).mock.calls[0]!;
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({
      address: REWARD_POOLS,
      functionName: "claimBatch",
      args: [
        [
          { poolId: 1n, account: ACCOUNT, cumulativeBytes: 10n, cumulativeAmount: 20n },
          { poolId: 2n, account: ACCOUNT, cumulativeBytes: 10n, cumulativeAmount: 20n },
        ],
        `0x${"aa".repeat(64)}${"bb".repeat(64)}`,
      ],
    });
  });

  it("uses claim() for a single pool", async () => {
    await claimAll(config, { deployment, attestations: [attestation(5n, compact("cc"))] });
    const [, writes] = vi.mocked(writeContractAndWait).mock.calls[0]!;
    expect(writes[0]).toMatchObject({
      functionName: "claim",
      args: [{ poolId: 5n }, compact("cc")],
    });
  });

  it("refuses an empty claim", async () => {
    await expect(claimAll(config, { deployment, attestations: [] })).rejects.toThrow(
      "Nothing to claim",
    );
  });
});
