import type { Config } from "wagmi";
import { verifyTypedData, type TransactionReceipt } from "viem";
import { authorizeRelayKey as authorizeRelayKeyWith, type OnTxProgress } from "@streamrp2p/client";
import { relayKeyAuthorizationTypes, relayStakingDomain } from "@streamrp2p/protocol/eip712";
import type { Deployment } from "../config/deployment.ts";
import { chainClients } from "../lib/chainClients.ts";
import type { RelayKeyAuthorization } from "../lib/parseRelayKeyAuthorization.ts";
import { RelayKeyAuthorizationError } from "../lib/RelayKeyAuthorizationError.ts";

/**
 * The operator's wallet authorizes a relay key with the key's own signature (what `authorize`
 * printed on the relay machine). The signature is checked here first, so a key that signed for
 * another chain or contract is explained before the wallet opens.
 */
export async function authorizeRelayKey(
  config: Config,
  {
    deployment,
    authorization,
    onProgress,
  }: {
    deployment: Deployment;
    authorization: RelayKeyAuthorization;
    onProgress?: OnTxProgress;
  },
): Promise<TransactionReceipt[]> {
  const { relayKey, operator, deadline, signature } = authorization;
  const stakingAddress = deployment.contracts.RelayStaking.address;
  const valid = await verifyTypedData({
    address: relayKey,
    domain: relayStakingDomain(deployment.chainId, stakingAddress),
    types: relayKeyAuthorizationTypes,
    primaryType: "RelayKeyAuthorization",
    message: { operator, relayKey, deadline: BigInt(deadline) },
    signature,
  });
  if (!valid) {
    throw new RelayKeyAuthorizationError(
      `The signature is not the relay key's consent for this wallet on chain ${deployment.chainId} (RelayStaking ${stakingAddress}): run authorize with --chain-id ${deployment.chainId} and paste its output unchanged`,
    );
  }
  return authorizeRelayKeyWith(await chainClients(config, deployment), {
    relayKey,
    deadline,
    relayKeySignature: signature,
    onProgress,
  });
}
