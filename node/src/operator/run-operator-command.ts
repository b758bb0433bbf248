/**
 * Runs one money command (claim, stake, unstake, withdraw, status) end to end: parse the
 * arguments, load the operator key, build the chain and coordinator clients, act, render.
 * Output goes through `write` (the CLI passes stdout); returns the process exit code.
 */
import { privateKeyToAccount } from "viem/accounts";
import { createChainClients } from "@streamrp2p/client/chain/createChainClients";
import { createCoordinatorClient } from "@streamrp2p/client/coordinator/createCoordinatorClient";
import { loadPrivateKey } from "../keys.ts";
import { confirmMoneyAction, requireConfirmationChannel } from "./confirm-money-action.ts";
import {
  claimEarnings,
  type ApproveSend,
  operatorStatus,
  stakeAmount,
  unstakeAmount,
  withdrawUnbonded,
} from "./operator-actions.ts";
import { operatorHelp, parseOperatorCommand, type OperatorCommand } from "./operator-config.ts";
import type { Terminal } from "./terminal.ts";
import { renderClaim, renderStakeChange, renderStatus, toJson } from "./render-result.ts";

export interface OperatorCommandIo {
  env: NodeJS.ProcessEnv;
  write: (text: string) => void;
  /** The confirmation (stderr, so stdout stays machine-readable). */
  say: (text: string) => void;
  /** Undefined when stdin is not a TTY: sending then needs --yes. */
  terminal: Terminal | undefined;
}

export async function runOperatorCommand(
  command: OperatorCommand,
  argv: string[],
  { env, write, say, terminal }: OperatorCommandIo,
): Promise<number> {
  const parsed = parseOperatorCommand(command, argv, env);
  if (!parsed.config) {
    write(`${operatorHelp(command)}\n`);
    return 0;
  }
  const config = parsed.config;
  if (command !== "status") requireConfirmationChannel(config.yes, terminal);
  const privateKey = await loadPrivateKey({
    name: "OPERATOR_PRIVATE_KEY",
    envValue: env.OPERATOR_PRIVATE_KEY,
    keystore: config.keystore,
    password: env.KEYSTORE_PASSWORD,
  });
  const clients = createChainClients({
    rpcUrl: config.rpcUrl,
    chainId: config.chainId,
    account: privateKeyToAccount(privateKey),
  });
  const coordinator = config.coordinatorUrl
    ? createCoordinatorClient({ baseUrl: config.coordinatorUrl, timeoutMs: 5000 })
    : undefined;
  const approve: ApproveSend = (plan) =>
    confirmMoneyAction(
      { ...plan, chainId: config.chainId, rpcUrl: config.rpcUrl, from: clients.account.address },
      { yes: config.yes, terminal, say },
    );
  const print = <T>(result: T, text: (r: T) => string) =>
    write(`${config.json ? toJson(result) : text(result)}\n`);
  switch (command) {
    case "claim":
      print(await claimEarnings(clients, coordinator!, approve), renderClaim);
      break;
    case "stake":
      print(await stakeAmount(clients, config.amount, approve), renderStakeChange);
      break;
    case "unstake":
      print(await unstakeAmount(clients, config.amount, approve), renderStakeChange);
      break;
    case "withdraw":
      print(await withdrawUnbonded(clients, approve), renderStakeChange);
      break;
    case "status":
      print(await operatorStatus(clients, coordinator), renderStatus);
      break;
  }
  return 0;
}
