/**
 * Runs one relay key command (keygen, authorize, revoke) end to end: parse the arguments, get
 * the passwords, load the keys, act, print. Results go to `write` (stdout: JSON or one line),
 * explanations and questions to `say` and the terminal (stderr). Returns the exit code.
 */
import { readFile } from "node:fs/promises";
import { privateKeyToAccount } from "viem/accounts";
import { createChainClients } from "@streamrp2p/client/chain/createChainClients";
import type { ScryptParams } from "@streamrp2p/client/keys/encryptKeystore";
import { ConfigError } from "../config.ts";
import { KeyLoadError, decryptKeystore, loadPrivateKey } from "../keys.ts";
import { keystorePassword, type PasswordSource } from "./keystore-password.ts";
import {
  assertKeystoreAbsent,
  createRelayKeystore,
  revokeKey,
  sendAuthorization,
  signAuthorization,
} from "./relay-key-actions.ts";
import {
  authorizationDeadline,
  parseRelayKeyCommand,
  relayKeyHelp,
  type RelayKeyCommand,
  type RelayKeyConfig,
} from "./relay-key-config.ts";
import { toJson } from "./render-result.ts";
import type { Terminal } from "./terminal.ts";

export interface RelayKeyCommandIo {
  env: NodeJS.ProcessEnv;
  /** Results (stdout). */
  write: (text: string) => void;
  /** Explanations (stderr). */
  say: (text: string) => void;
  /** Undefined when stdin is not a TTY. */
  terminal: Terminal | undefined;
  /** Wall clock, ms. */
  now: () => number;
  /** scrypt cost of new keystores (tests lower it); default geth's standard. */
  scrypt?: ScryptParams;
}

/** The user declined to send a transaction. */
export class DeclinedError extends Error {
  override readonly name = "DeclinedError";
}

export async function runRelayKeyCommand(
  command: RelayKeyCommand,
  argv: string[],
  io: RelayKeyCommandIo,
): Promise<number> {
  const config = parseRelayKeyCommand(command, argv, io.env);
  if (!config) {
    io.write(`${relayKeyHelp(command)}\n`);
    return 0;
  }
  switch (command) {
    case "keygen":
      return keygen(config, io);
    case "authorize":
      return authorize(config, io);
    case "revoke":
      return revoke(config, io);
  }
}

const relayPassword = (config: RelayKeyConfig, io: RelayKeyCommandIo): PasswordSource => ({
  label: "relay keystore",
  file: config.passwordFile,
  flag: "--password-file",
  envName: "KEYSTORE_PASSWORD",
  env: io.env,
  terminal: io.terminal,
});

async function keygen(config: RelayKeyConfig, io: RelayKeyCommandIo): Promise<number> {
  const file = config.keystore!;
  await assertKeystoreAbsent(file);
  const password = await keystorePassword(relayPassword(config, io), { confirm: true });
  const result = await createRelayKeystore(file, password, io.scrypt);
  if (config.json) io.write(`${toJson(result)}\n`);
  else {
    io.write(`${result.relayKey}\n`);
    io.say(
      [
        `relay key ${result.relayKey} written to ${file} (encrypted; keep the password safe)`,
        `next: streamrp2p-node authorize --keystore ${file} --operator <your wallet> --chain-id <id>`,
        "      and send the printed authorization from your wallet (the web app's operator wizard)",
      ].join("\n") + "\n",
    );
  }
  return 0;
}

/** The operator wallet from --wallet-keystore (password from file, env or terminal). */
async function walletAccount(config: RelayKeyConfig, io: RelayKeyCommandIo) {
  const file = config.walletKeystore!;
  let json: string;
  try {
    json = await readFile(file, "utf8");
  } catch (cause) {
    throw new KeyLoadError(`cannot read --wallet-keystore ${file}`, { cause });
  }
  const password = await keystorePassword(
    {
      label: "wallet keystore",
      file: config.walletPasswordFile,
      flag: "--wallet-password-file",
      envName: "WALLET_KEYSTORE_PASSWORD",
      env: io.env,
      terminal: io.terminal,
    },
    { confirm: false },
  );
  return privateKeyToAccount(decryptKeystore(json, password));
}

/** Shows what will be sent and asks, unless --yes. */
async function confirmSend(
  config: RelayKeyConfig,
  io: RelayKeyCommandIo,
  description: string,
): Promise<void> {
  io.say(`${description}\n`);
  if (config.yes) return;
  if (!io.terminal)
    throw new ConfigError("not a terminal: pass --yes to send the transaction without asking");
  const answer = (await io.terminal.ask("send it? [y/N] ")).trim().toLowerCase();
  if (answer !== "y" && answer !== "yes") throw new DeclinedError("not sent");
}

async function authorize(config: RelayKeyConfig, io: RelayKeyCommandIo): Promise<number> {
  const chainId = config.chainId!;
  const deadline = authorizationDeadline(config, io.now());
  const privateKey = await loadPrivateKey({
    name: "RELAY_PRIVATE_KEY",
    envValue: io.env.RELAY_PRIVATE_KEY,
    keystore: config.keystore,
    password:
      config.keystore === undefined
        ? undefined
        : await keystorePassword(relayPassword(config, io), { confirm: false }),
  });
  const relayKey = privateKeyToAccount(privateKey);
  const wallet = config.walletKeystore ? await walletAccount(config, io) : undefined;
  if (wallet && config.operator && wallet.address.toLowerCase() !== config.operator.toLowerCase())
    throw new ConfigError(
      `--operator ${config.operator} is not the --wallet-keystore's address ${wallet.address}`,
    );
  const operator = wallet?.address ?? config.operator!;
  const authorization = await signAuthorization(relayKey, { operator, deadline, chainId });
  if (!wallet) {
    io.write(`${toJson(authorization)}\n`);
    io.say(
      `signed: relay key ${authorization.relayKey} agrees to act for ${operator} until ${new Date(deadline * 1000).toISOString()}.\n` +
        "send it from that wallet: the web app's operator wizard, or rerun with --wallet-keystore\n",
    );
    return 0;
  }
  const clients = createChainClients({ rpcUrl: config.rpcUrl!, chainId, account: wallet });
  const sent = await sendAuthorization(clients, authorization, () =>
    confirmSend(
      config,
      io,
      [
        `wallet ${wallet.address} will send RelayStaking.authorizeRelayKey on chain ${chainId}:`,
        `  RelayStaking  ${authorization.stakingAddress}`,
        `  relay key     ${authorization.relayKey}`,
        `  deadline      ${deadline} (${new Date(deadline * 1000).toISOString()})`,
        "from then on the relay key's statements and receipt uploads count for this wallet.",
      ].join("\n"),
    ),
  );
  io.write(`${toJson(sent)}\n`);
  io.say(
    sent.transactionHash
      ? `authorized in transaction ${sent.transactionHash}: operatorOf(${sent.relayKey}) = ${sent.operatorOf}\n`
      : `relay key ${sent.relayKey} already acts for ${sent.operatorOf}: nothing sent\n`,
  );
  return 0;
}

async function revoke(config: RelayKeyConfig, io: RelayKeyCommandIo): Promise<number> {
  const chainId = config.chainId!;
  const wallet = await walletAccount(config, io);
  const clients = createChainClients({ rpcUrl: config.rpcUrl!, chainId, account: wallet });
  const relayKey = config.relayKey!;
  const result = await revokeKey(clients, relayKey, () =>
    confirmSend(
      config,
      io,
      [
        `wallet ${wallet.address} will send RelayStaking.revokeRelayKey on chain ${chainId}:`,
        `  RelayStaking  ${clients.deployment.contracts.RelayStaking.address}`,
        `  relay key     ${relayKey}`,
        "its statements and receipt uploads will count for nobody.",
      ].join("\n"),
    ),
  );
  io.write(
    config.json
      ? `${toJson(result)}\n`
      : `revoked relay key ${result.relayKey} of ${result.operator} in transaction ${result.transactionHash}\n`,
  );
  return 0;
}
