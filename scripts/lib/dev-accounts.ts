/**
 * The local chain's funded dev accounts: Hardhat's public test mnemonic, known to everyone, so
 * these keys guard nothing and must never hold value on a real network.
 */
import { mnemonicToAccount, type HDAccount } from "viem/accounts";

const PUBLIC_TEST_MNEMONIC = "test test test test test test test test test test test junk";

export function devAccount(index: number): HDAccount {
  return mnemonicToAccount(PUBLIC_TEST_MNEMONIC, { addressIndex: index });
}

export function devPrivateKey(index: number): `0x${string}` {
  const key = devAccount(index).getHdKey().privateKey;
  if (!key) throw new Error(`no private key for dev account ${index}`);
  return `0x${Buffer.from(key).toString("hex")}`;
}

/** Roles the demo and the end-to-end tests give the dev accounts. */
export const DEV_ROLES = { deployer: 0, streamer: 1, operators: [2, 3], supporter: 4 } as const;
