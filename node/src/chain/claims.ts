/** Claiming attested earnings from RewardPools: every claimable pool in one batch transaction. */
import type { Address, Hex } from "viem";
import type { ChainClients } from "./clients.ts";
import { send, type SentTransaction } from "./send.ts";

/** An attestation with its packed attestor signatures, as the coordinator serves it. */
export interface SignedAttestation {
  poolId: bigint;
  account: Address;
  cumulativeBytes: bigint;
  cumulativeAmount: bigint;
  signatures: Hex;
}

export interface Claimable extends SignedAttestation {
  /** What claiming this attestation pays now: cumulativeAmount minus what was claimed. */
  payable: bigint;
}

function rewardPools(clients: ChainClients) {
  return clients.deployment.contracts.RewardPools;
}

/** What each attestation would pay now, dropping those that pay nothing. */
export async function claimable(
  clients: ChainClients,
  attestations: SignedAttestation[],
): Promise<Claimable[]> {
  const { address, abi } = rewardPools(clients);
  const rows = await Promise.all(
    attestations.map(async (a) => {
      const [, claimedAmount] = (await clients.public.readContract({
        address,
        abi,
        functionName: "claimed",
        args: [a.poolId, a.account],
      })) as readonly [bigint, bigint];
      return {
        ...a,
        payable: a.cumulativeAmount > claimedAmount ? a.cumulativeAmount - claimedAmount : 0n,
      };
    }),
  );
  return rows.filter((r) => r.payable > 0n);
}

/** Claims every attestation in one `claimBatch` (or `claim` for one). */
export async function claimAll(
  clients: ChainClients,
  attestations: SignedAttestation[],
): Promise<SentTransaction> {
  const { address, abi } = rewardPools(clients);
  const strip = ({ poolId, account, cumulativeBytes, cumulativeAmount }: SignedAttestation) => ({
    poolId,
    account,
    cumulativeBytes,
    cumulativeAmount,
  });
  if (attestations.length === 1) {
    const [only] = attestations as [SignedAttestation];
    return send(clients, "claim", {
      address,
      abi,
      functionName: "claim",
      args: [strip(only), only.signatures],
    });
  }
  const signatures = `0x${attestations.map((a) => a.signatures.slice(2)).join("")}` as Hex;
  return send(clients, "claimBatch", {
    address,
    abi,
    functionName: "claimBatch",
    args: [attestations.map(strip), signatures],
  });
}
