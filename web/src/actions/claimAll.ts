import type { Config } from "wagmi";
import { concatHex, type TransactionReceipt } from "viem";
import type { Deployment } from "../config/deployment.ts";
import type { SignedAttestation } from "./getRelayAttestations.ts";
import { writeContractAndWait, type OnTxProgress } from "./writeContractAndWait.ts";

/**
 * Claims every attestation: one RewardPools.claimBatch transaction (each attestation's packed
 * signatures concatenated in order), or claim() when there is just one.
 */
export async function claimAll(
  config: Config,
  {
    deployment,
    attestations,
    onProgress,
  }: {
    deployment: Deployment;
    attestations: readonly SignedAttestation[];
    onProgress?: OnTxProgress;
  },
): Promise<TransactionReceipt[]> {
  const [first] = attestations;
  if (!first) throw new Error("Nothing to claim");
  const { address, abi } = deployment.contracts.RewardPools;
  const struct = ({ poolId, account, cumulativeBytes, cumulativeAmount }: SignedAttestation) => ({
    poolId,
    account,
    cumulativeBytes,
    cumulativeAmount,
  });
  const write =
    attestations.length === 1
      ? {
          functionName: "claim",
          args: [struct(first), first.signatures],
          label: `Claim from pool ${first.poolId}`,
        }
      : {
          functionName: "claimBatch",
          args: [attestations.map(struct), concatHex(attestations.map((a) => a.signatures))],
          label: `Claim from ${attestations.length} pools`,
        };
  return writeContractAndWait(config, [{ address, abi, ...write }], onProgress);
}
