/**
 * Hot relay keys for the local stack and the end-to-end tests: each relay runs with a fresh key
 * of its own that its operator's wallet authorizes on-chain (the key signs its consent, the
 * wallet sends it), as a real operator does with `keygen` + `authorize` + the web wizard. The
 * key gets a little ETH so it can dispute a tamper report; it never holds stake or earnings.
 */
import { parseEther, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import {
  authorizeRelayKey,
  signRelayKeyAuthorization,
  type ChainClients,
} from "@streamrp2p/client";

export interface RelayKey {
  privateKey: Hex;
  account: PrivateKeyAccount;
}

/** Creates a relay key, funds it with gas money from `funder`, and has `operator` authorize it. */
export async function authorizedRelayKey(
  operator: ChainClients,
  funder: ChainClients,
): Promise<RelayKey> {
  const privateKey = generatePrivateKey();
  const account = privateKeyToAccount(privateKey);
  const block = await operator.public.getBlock();
  const deadline = Number(block.timestamp) + 3600;
  const relayKeySignature = await signRelayKeyAuthorization(account, {
    chainId: operator.deployment.chainId,
    stakingAddress: operator.deployment.contracts.RelayStaking.address,
    operator: operator.account.address,
    deadline,
  });
  await authorizeRelayKey(operator, { relayKey: account.address, deadline, relayKeySignature });
  const hash = await funder.wallet.sendTransaction({
    account: funder.account,
    chain: funder.wallet.chain,
    to: account.address,
    value: parseEther("1"),
  });
  await funder.public.waitForTransactionReceipt({ hash });
  return { privateKey, account };
}
