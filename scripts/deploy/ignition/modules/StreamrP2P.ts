/**
 * Hardhat Ignition modules: the RewardPools hub and RelayStaking, with a TestToken as the stake
 * token on local chains and testnets (`StreamrP2PLocal`) or an existing ERC-20 (`StreamrP2P`).
 *
 * Parameters (all optional except where noted):
 *   admin, guardian            default: the deployer
 *   attestors                  (required) the coordinator's attestor addresses, ascending
 *   threshold                  signatures a claim needs, default 1
 *   attestorRotationDelay      seconds, default 1 day
 *   minNoticePeriod            seconds, the shortest pool notice period; it must exceed one
 *                              epoch plus a claim window. Default 1 day (StreamrP2P, hourly
 *                              epochs) or 60 s (StreamrP2PLocal, the demo's 20 s epochs)
 *   treasury                   receives slashed stake; default: the deployer
 *   minStake, unbondingPeriod, slashDelay, slashBps, reporterShareBps
 *   challengeWindow            seconds a tamper report waits for disputes; default 1 day
 *   stakeToken                 (StreamrP2P only, required) the ERC-20 operators stake
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ArgumentType, IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

function buildCore(
  m: IgnitionModuleBuilder,
  stakeToken: ArgumentType,
  defaultMinNoticePeriod: number,
) {
  const deployer = m.getAccount(0);
  const admin = m.getParameter("admin", deployer);
  const guardian = m.getParameter("guardian", deployer);
  const rewardPools = m.contract("RewardPools", [
    admin,
    guardian,
    m.getParameter<string[]>("attestors"),
    m.getParameter("threshold", 1),
    m.getParameter("attestorRotationDelay", 86_400),
    m.getParameter("minNoticePeriod", defaultMinNoticePeriod),
  ]);
  const relayStaking = m.contract("RelayStaking", [
    stakeToken,
    admin,
    m.getParameter("treasury", deployer),
    {
      minStake: m.getParameter("minStake", 100_000_000n),
      unbondingPeriod: m.getParameter("unbondingPeriod", 7 * 86_400),
      slashDelay: m.getParameter("slashDelay", 2 * 86_400),
      slashBps: m.getParameter("slashBps", 1_000),
      reporterShareBps: m.getParameter("reporterShareBps", 5_000),
      challengeWindow: m.getParameter("challengeWindow", 86_400),
    },
  ]);
  return { rewardPools, relayStaking };
}

/** Against an existing ERC-20 stake token (e.g. USDC on an L2). */
export const StreamrP2PModule = buildModule("StreamrP2P", (m) =>
  buildCore(m, m.getParameter<string>("stakeToken"), 86_400),
);

/** With a freshly deployed, permit-capable TestToken (6 decimals) for local chains and testnets. */
export const StreamrP2PLocalModule = buildModule("StreamrP2PLocal", (m) => {
  const testToken = m.contract("TestToken", ["StreamrP2P Test USD", "tUSD", 6]);
  return { testToken, ...buildCore(m, testToken, 60) };
});

export default StreamrP2PLocalModule;
