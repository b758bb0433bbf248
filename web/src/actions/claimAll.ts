import type { Config } from "wagmi";
import type { TransactionReceipt } from "viem";
import type { Deployment } from "../config/deployment.ts";
import { abiFunction } from "../lib/abiFunctions.ts";
import { argsByName } from "../lib/argsByName.ts";
import type { SignedAttestation } from "./getRelayAttestations.ts";
import { writeContractAndWait, type OnTxProgress } from "./writeContractAndWait.ts";

/**
 * Claims every attestation in one transaction (RewardPools.claimBatch), or with claim() when
 * there is only one or the contract has no batch call.
 */
export async function claimAll(
  config: Config,
  { deployment, attestations, onProgress }: { deployment: Deployment; attestations: readonly SignedAttestation[]; onProgress?: OnTxProgress },
): Promise<TransactionReceipt[]> {
  if (attestations.length === 0) throw new Error("Nothing to claim");
  const { address, abi } = deployment.contracts.RewardPools;
  const structs = attestations.map(({ poolId, account, cumulativeBytes, cumulativeAmount }) => ({
    poolId,
    account,
    cumulativeBytes,
    cumulativeAmount,
  }));
  const signatures = attestations.map((a) => a.signatures);
  if (attestations.length > 1 && abiFunction(abi, "claimBatch")) {
    const args = argsByName(abi, "claimBatch", {
      attestations: structs,
      signatures,
      claims: structs.map((attestation, i) => ({ attestation, signatures: signatures[i] })),
    });
    return writeContractAndWait(config, [{ address, abi, functionName: "claimBatch", args, label: `Claim from ${attestations.length} pools` }], onProgress);
  }
  const writes = structs.map((attestation, i) => ({
    address,
    abi,
    functionName: "claim",
    args: argsByName(abi, "claim", { attestation, signatures: signatures[i] }),
    label: `Claim from pool ${attestation.poolId}`,
  }));
  return writeContractAndWait(config, writes, onProgress);
}
