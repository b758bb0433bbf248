import { concatHex, type TransactionReceipt } from "viem";
import type { SignedAttestation } from "../coordinator/getRelayAttestations.ts";
import type { ChainClients } from "./ChainClients.ts";
import { sendSteps, type OnTxProgress } from "./sendSteps.ts";

/**
 * Claims every attestation in one transaction: RewardPools.claimBatch with each attestation's
 * packed signatures concatenated in order, or claim() when there is just one.
 */
export async function claimAll(
  clients: ChainClients,
  {
    attestations,
    onProgress,
  }: { attestations: readonly SignedAttestation[]; onProgress?: OnTxProgress | undefined },
): Promise<TransactionReceipt[]> {
  const [first] = attestations;
  if (!first) throw new Error("Nothing to claim");
  const { address, abi } = clients.deployment.contracts.RewardPools;
  const account = clients.account;
  const struct = ({ poolId, account, cumulativeBytes, cumulativeAmount }: SignedAttestation) => ({
    poolId,
    account,
    cumulativeBytes,
    cumulativeAmount,
  });
  if (attestations.length === 1) {
    return sendSteps(
      clients,
      [
        {
          label: `Claim from pool ${first.poolId}`,
          send: async () => {
            const { request } = await clients.public.simulateContract({
              address,
              abi,
              functionName: "claim",
              args: [struct(first), first.signatures],
              account,
            });
            return clients.wallet.writeContract(request);
          },
        },
      ],
      onProgress,
    );
  }
  return sendSteps(
    clients,
    [
      {
        label: `Claim from ${attestations.length} pools`,
        send: async () => {
          const { request } = await clients.public.simulateContract({
            address,
            abi,
            functionName: "claimBatch",
            args: [attestations.map(struct), concatHex(attestations.map((a) => a.signatures))],
            account,
          });
          return clients.wallet.writeContract(request);
        },
      },
    ],
    onProgress,
  );
}
