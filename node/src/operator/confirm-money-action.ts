/**
 * Money commands say what they will send (action, amounts, from which wallet, to which contract,
 * on which chain) and ask y/N before sending, unless --yes. Without a terminal to ask on and
 * without --yes they refuse, so a script never sends by accident.
 */
import type { Address } from "viem";
import { ConfigError } from "../config.ts";
import type { Terminal } from "./terminal.ts";

export interface MoneyPlan {
  action: "stake" | "unstake" | "withdraw" | "claim";
  chainId: number;
  rpcUrl: string;
  from: Address;
  contract: { name: string; address: Address };
  /** What moves, one line each (amounts with their token). */
  effects: string[];
}

/** Nothing was sent: the operator answered no. */
export class NotConfirmedError extends Error {
  override readonly name = "NotConfirmedError";
}

export function renderMoneyPlan(plan: MoneyPlan): string {
  return [
    `${plan.action}:`,
    ...plan.effects.map((e) => `  ${e}`),
    `  from wallet  ${plan.from}`,
    `  contract     ${plan.contract.name} ${plan.contract.address}`,
    `  chain        ${plan.chainId} (${plan.rpcUrl})`,
  ].join("\n");
}

/** "y" or "yes", any case; anything else (including nothing) is no. */
export function isYes(answer: string): boolean {
  return /^\s*y(es)?\s*$/i.test(answer);
}

/** Refuses up front when no one can be asked: no --yes and no terminal. */
export function requireConfirmationChannel(yes: boolean, terminal: Terminal | undefined): void {
  if (!yes && !terminal)
    throw new ConfigError(
      "this command sends a transaction and stdin is not a terminal to confirm it on: add --yes to send without asking",
    );
}

/** Shows the plan and asks; resolves when it may be sent, throws NotConfirmedError otherwise. */
export async function confirmMoneyAction(
  plan: MoneyPlan,
  options: { yes: boolean; terminal: Terminal | undefined; say: (text: string) => void },
): Promise<void> {
  options.say(`${renderMoneyPlan(plan)}\n`);
  if (options.yes) return;
  requireConfirmationChannel(false, options.terminal);
  const answer = await options.terminal!.ask("send this transaction? [y/N] ");
  if (!isYes(answer)) throw new NotConfirmedError(`${plan.action} cancelled: nothing was sent`);
}
