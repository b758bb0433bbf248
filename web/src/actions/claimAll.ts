import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { packCompactSignatures } from "../lib/compactSignatures.ts";
import type { SignedAttestation } from "./getRelayAttestations.ts";
import { writeContractAndWait, type OnTxProgress } from "./writeContractAndWait.ts";

/**
 * Claims every attestation: one RewardPools.claimBatch transaction (signatures concatenated
 * per attestation, in order), or claim() when there is just one.
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
  if (attestations.length === 0) throw new Error("Nothing to claim");
  const { address, abi } = deployment.contracts.RewardPools;
  const structs = attestations.map(({ poolId, account, cumulativeBytes, cumulativeAmount }) => ({
    poolId,
    account,
    cumulativeBytes,
    cumulativeAmount,
  }));
  const [first] = attestations;
  if (attestations.length === 1 && first && structs[0]) {
    const args = [structs[0], packCompactSignatures(first.signatures)];
    return writeContractAndWait(
      config,
      [{ address, abi, functionName: "claim", args, label: `Claim from pool ${first.poolId}` }],
      onProgress,
    );
  }
  const signatures = packCompactSignatures(attestations.flatMap((a) => a.signatures));
  return writeContractAndWait(
    config,
    [
      {
        address,
        abi,
        functionName: "claimBatch",
        args: [structs, signatures],
        label: `Claim from ${attestations.length} pools`,
      },
    ],
    onProgress,
  );
}
