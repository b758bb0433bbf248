/** Text and JSON renderings of the money commands' results (pure: strings in, strings out). */
import { formatAmount } from "@streamrp2p/client/amount/formatAmount";
import type { OperatorRelayReports } from "@streamrp2p/client/coordinator/getOperatorRelayReports";
import { formatDuration } from "./format-duration.ts";
import type {
  ClaimResult,
  OperatorStatus,
  PoolPayout,
  StakeChangeResult,
  TokenInfo,
} from "./operator-actions.ts";

const amount = (value: bigint, token: TokenInfo) =>
  formatAmount(value, token.decimals, { symbol: token.symbol });

/** JSON with bigints as decimal strings (amounts in base units; `*Formatted` in token units). */
export function toJson(result: unknown): string {
  return JSON.stringify(
    result,
    (_, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
    2,
  );
}

function payoutLine(p: PoolPayout): string {
  return `  pool #${p.poolId}: ${amount(p.amount, p.token)} (attested ${p.cumulativeBytes} bytes in total, epoch ${p.epoch})`;
}

export function renderClaim(r: ClaimResult): string {
  if (!r.hash) return "nothing to claim: no attestation pays more than was already claimed";
  const pools = r.payouts.length === 1 ? "1 pool" : `${r.payouts.length} pools`;
  return [`claimed ${pools} in one transaction ${r.hash}`, ...r.payouts.map(payoutLine)].join("\n");
}

export function renderStakeChange(r: StakeChangeResult): string {
  const what =
    r.action === "stake"
      ? `staked ${amount(r.amount, r.token)}`
      : r.action === "unstake"
        ? `started unbonding ${amount(r.amount, r.token)}`
        : `withdrew ${amount(r.amount, r.token)}`;
  const lines = [
    `${what} in transaction ${r.hash}`,
    `bonded ${amount(r.bonded, r.token)}, unbonding ${amount(r.unbonding, r.token)}`,
  ];
  if (r.unbonding > 0n) {
    lines.push(`withdrawable from ${new Date(Number(r.releaseTime) * 1000).toISOString()}`);
  }
  return lines.join("\n");
}

export function renderStatus(s: OperatorStatus): string {
  const lines = [
    `operator ${s.operator} on chain ${s.chainId}`,
    `balance    ${amount(s.balance, s.token)}`,
    ...s.balances.map((b) => `           ${amount(b.balance, b.token)}`),
    `bonded     ${amount(s.bonded, s.token)} (minimum ${amount(s.minStake, s.token)})`,
    `state      ${s.jailed ? "JAILED" : s.active ? "active" : "inactive (below the minimum stake)"}`,
  ];
  if (s.unbonding > 0n) {
    lines.push(
      `unbonding  ${amount(s.unbonding, s.token)}, ${
        s.unbondingSecondsLeft > 0
          ? `withdrawable in ${formatDuration(s.unbondingSecondsLeft)} (${new Date(Number(s.releaseTime) * 1000).toISOString()})`
          : "withdrawable now (run withdraw)"
      }`,
    );
  } else {
    lines.push("unbonding  nothing");
  }
  if (s.claimable === undefined) {
    lines.push("claimable  unknown (pass --coordinator to see attested earnings)");
  } else if (s.claimable.length === 0) {
    lines.push("claimable  nothing");
  } else {
    lines.push("claimable now:", ...s.claimable.map(payoutLine));
  }
  lines.push(renderRelayReports(s.relays));
  return lines.join("\n");
}

const bytes = (n: number) => `${n.toLocaleString("en-US")} bytes`;

/**
 * Each relay key's verified and withheld bytes in the last closed epoch, and every withheld
 * byte's reason: the code, its bytes, what it means and the coordinator's latest message.
 */
export function renderRelayReports(r: OperatorRelayReports | undefined): string {
  if (r === undefined) return "relays     unknown (pass --coordinator to see your relay keys)";
  if (r.relays.length === 0)
    return "relays     none: the coordinator lists no relay key authorized by this wallet";
  const lines = [
    r.epoch === null
      ? "relays (no epoch has closed yet):"
      : `relays in epoch ${r.epoch} (the last closed one):`,
  ];
  for (const { relay, live, reachability, report } of r.relays) {
    lines.push(`  ${relay}${live ? "" : " (not live)"}`);
    if (!reachability.listed)
      lines.push(
        `    pull-only, not given to viewers: ${reachability.reason ?? "unknown"}${reachability.detail ? ` (${reachability.detail})` : ""}`,
      );
    if (!report) continue;
    lines.push(
      `    verified ${bytes(report.verifiedBytes)}, withheld ${bytes(report.withheldBytes)}`,
    );
    for (const reason of report.reasons) {
      lines.push(
        `    withheld ${bytes(reason.bytes)} for ${reason.code}: ${reason.description}`,
        `      latest: ${reason.lastMessage}`,
      );
    }
  }
  return lines.join("\n");
}
