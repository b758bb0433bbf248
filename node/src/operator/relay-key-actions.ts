/**
 * What the relay key commands do, over `@streamrp2p/client`: create an encrypted relay key,
 * sign its authorization for an operator's wallet, and send authorizeRelayKey / revokeRelayKey
 * from the wallet. Each returns a result object the CLI prints.
 */
import { access, writeFile } from "node:fs/promises";
import { getAddress, type Address, type Hash, type Hex, type LocalAccount } from "viem";
import { generatePrivateKey } from "viem/accounts";
import { getDeployment } from "@streamrp2p/deployments";
import { authorizeRelayKey } from "@streamrp2p/client/chain/authorizeRelayKey";
import type { ChainClients } from "@streamrp2p/client/chain/ChainClients";
import { readOperatorOf } from "@streamrp2p/client/chain/readOperatorOf";
import { revokeRelayKey } from "@streamrp2p/client/chain/revokeRelayKey";
import { encryptKeystore, type ScryptParams } from "@streamrp2p/client/keys/encryptKeystore";
import { signRelayKeyAuthorization } from "@streamrp2p/client/sign/signRelayKeyAuthorization";
import { ConfigError } from "../config.ts";

export class RelayKeyCommandError extends Error {
  override readonly name = "RelayKeyCommandError";
}

export interface KeygenResult {
  relayKey: Address;
  keystore: string;
}

/** Writes a new relay key to `file` (mode 0600), encrypted with `password`; never overwrites. */
export async function createRelayKeystore(
  file: string,
  password: string,
  scrypt?: ScryptParams,
): Promise<KeygenResult> {
  const { keystore, address } = encryptKeystore(generatePrivateKey(), password, scrypt);
  try {
    await writeFile(file, `${JSON.stringify(keystore, null, 2)}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw keystoreExists(file);
    throw new RelayKeyCommandError(`cannot write ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { relayKey: address, keystore: file };
}

/** Refuses early (before a password is asked) when `file` exists. */
export async function assertKeystoreAbsent(file: string): Promise<void> {
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (exists) throw keystoreExists(file);
}

function keystoreExists(file: string): ConfigError {
  return new ConfigError(
    `${file} exists: keygen never overwrites a keystore (choose another file)`,
  );
}

/** What the web wizard needs to send authorizeRelayKey from the operator's wallet. */
export interface RelayKeyAuthorization {
  relayKey: Address;
  operator: Address;
  deadline: number;
  signature: Hex;
  chainId: number;
  stakingAddress: Address;
}

export async function signAuthorization(
  relayKey: LocalAccount,
  { operator, deadline, chainId }: { operator: Address; deadline: number; chainId: number },
): Promise<RelayKeyAuthorization> {
  const stakingAddress = getDeployment(chainId).contracts.RelayStaking.address;
  const signature = await signRelayKeyAuthorization(relayKey, {
    chainId,
    stakingAddress,
    operator,
    deadline,
  });
  return {
    relayKey: relayKey.address,
    operator: getAddress(operator),
    deadline,
    signature,
    chainId,
    stakingAddress,
  };
}

export interface SentAuthorization extends RelayKeyAuthorization {
  /** Undefined when the key was already authorized for this wallet (nothing sent). */
  transactionHash: Hash | undefined;
  operatorOf: Address | undefined;
}

/** The wallet (clients.account) sends authorizeRelayKey with the relay key's signature. */
export async function sendAuthorization(
  clients: ChainClients,
  authorization: RelayKeyAuthorization,
  beforeSend: () => Promise<void>,
): Promise<SentAuthorization> {
  const current = await readOperatorOf(clients, authorization.relayKey);
  if (current?.toLowerCase() === clients.account.address.toLowerCase())
    return { ...authorization, transactionHash: undefined, operatorOf: current };
  if (current !== undefined)
    throw new RelayKeyCommandError(
      `relay key ${authorization.relayKey} already acts for operator ${current}: revoke it from that wallet, or run keygen for a new key`,
    );
  await beforeSend();
  const receipts = await authorizeRelayKey(clients, {
    relayKey: authorization.relayKey,
    deadline: authorization.deadline,
    relayKeySignature: authorization.signature,
  });
  return {
    ...authorization,
    transactionHash: receipts.at(-1)!.transactionHash,
    operatorOf: await readOperatorOf(clients, authorization.relayKey),
  };
}

export interface RevokeResult {
  relayKey: Address;
  operator: Address;
  transactionHash: Hash;
  operatorOf: Address | undefined;
}

/** The wallet (clients.account) revokes its relay key. */
export async function revokeKey(
  clients: ChainClients,
  relayKey: Address,
  beforeSend: () => Promise<void>,
): Promise<RevokeResult> {
  relayKey = getAddress(relayKey);
  const wallet = clients.account.address;
  const current = await readOperatorOf(clients, relayKey);
  if (current === undefined)
    throw new RelayKeyCommandError(`relay key ${relayKey} is not authorized: nothing to revoke`);
  if (current.toLowerCase() !== wallet.toLowerCase())
    throw new RelayKeyCommandError(
      `relay key ${relayKey} acts for operator ${current}, not for this wallet ${wallet}`,
    );
  await beforeSend();
  const receipts = await revokeRelayKey(clients, { relayKey });
  return {
    relayKey,
    operator: wallet,
    transactionHash: receipts.at(-1)!.transactionHash,
    operatorOf: await readOperatorOf(clients, relayKey),
  };
}
