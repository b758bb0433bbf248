/**
 * The wallet flows against the real contracts on a running local chain (deployed with
 * scripts/deploy): opt-in, because it needs that chain. Run it with
 *   STREAMRP2P_WEB_CHAIN_RPC=http://127.0.0.1:8545 npx vitest run src/integration
 * The chain's account #0 is the wallet and (as after a local deploy) the attestor.
 */
import { attestationTypes, rewardPoolsDomain } from "@streamrp2p/protocol/eip712";
import {
  parseSignature,
  parseUnits,
  serializeCompactSignature,
  signatureToCompactSignature,
  type Address,
  type Hex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { streamIdOf } from "@streamrp2p/protocol/stream-id";
import { describe, expect, it } from "vitest";
import { createConfig, http, mock } from "wagmi";
import { connect } from "wagmi/actions";
import { authorizeRelayKey } from "../actions/authorizeRelayKey.ts";
import { claimAll } from "../actions/claimAll.ts";
import { closePool } from "../actions/closePool.ts";
import { createPool } from "../actions/createPool.ts";
import { fundPool } from "../actions/fundPool.ts";
import { getAccountHistory } from "../actions/getAccountHistory.ts";
import { getOwnedPoolIds } from "../actions/getOwnedPoolIds.ts";
import { getRelayKeys } from "../actions/getRelayKeys.ts";
import { mintTestToken } from "../actions/mintTestToken.ts";
import { readMinNoticePeriod } from "../actions/readMinNoticePeriod.ts";
import { readPool } from "../actions/readPool.ts";
import { readStake } from "../actions/readStake.ts";
import { readToken } from "../actions/readToken.ts";
import { registerStream } from "../actions/registerStream.ts";
import { readStreamRegistration } from "../actions/readStreamRegistration.ts";
import { requestUnstake } from "../actions/requestUnstake.ts";
import { revokeRelayKey } from "../actions/revokeRelayKey.ts";
import { stake } from "../actions/stake.ts";
import { withdrawStake } from "../actions/withdrawStake.ts";
import { appChain } from "../config/appChain.ts";
import { findDeployment } from "../config/findDeployment.ts";
import { describeError } from "../lib/describeError.ts";
import { randomSalt, signRelayKeyAuthorization, type TxProgress } from "@streamrp2p/client";

/** The coordinator's packing: EIP-2098 compact (r, vs), 64 bytes per signer. */
const compact = (signature: Hex) =>
  serializeCompactSignature(signatureToCompactSignature(parseSignature(signature)));

const rpcUrl = process.env["STREAMRP2P_WEB_CHAIN_RPC"];
const attestor = privateKeyToAccount(
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
);

describe.skipIf(!rpcUrl)("wallet flows on a local chain", () => {
  const chain = appChain({ chainId: 31337, rpcUrl: rpcUrl ?? "" });
  const config = createConfig({
    chains: [chain],
    connectors: [mock({ accounts: [attestor.address] })],
    transports: { [chain.id]: http(rpcUrl) },
  });
  const deployment = findDeployment(31337)!;
  const account: Address = attestor.address;

  it(
    "mints, stakes with a permit, unbonds and refuses an early withdrawal with a readable reason",
    { timeout: 120_000 },
    async () => {
      await connect(config, { connector: config.connectors[0]! });
      const before = await readStake(config, { deployment, account });
      const token = await readToken(config, {
        chainId: 31337,
        token: before.stakeToken,
        account,
        spender: deployment.contracts.RelayStaking.address,
      });
      expect(token.permit).toBe(true);
      await mintTestToken(config, {
        deployment,
        to: account,
        amount: parseUnits("1000", token.decimals),
      });

      const phases: string[] = [];
      const onProgress = (p: TxProgress) => phases.push(`${p.label}:${p.phase}`);
      await stake(config, {
        deployment,
        amount: parseUnits("200", token.decimals),
        onProgress,
      });
      expect(phases).toEqual(["Stake:wallet", "Stake:pending", "Stake:confirmed"]);
      const staked = await readStake(config, { deployment, account });
      expect(staked.bonded - before.bonded).toBe(parseUnits("200", token.decimals));

      await requestUnstake(config, { deployment, amount: parseUnits("50", token.decimals) });
      const unbonding = await readStake(config, { deployment, account });
      expect(unbonding.unbonding).toBeGreaterThanOrEqual(parseUnits("50", token.decimals));
      expect(unbonding.releaseTime).toBeGreaterThan(0n);

      const error = await withdrawStake(config, { deployment }).catch((e: unknown) => e);
      expect(describeError(error)).toMatch(/^Unbonding not released: UnbondingNotReleased\(/);
    },
  );

  it(
    "creates and funds pools, claims two attestations in one batch, closes a pool",
    { timeout: 120_000 },
    async () => {
      const tokenAddress = deployment.contracts.TestToken!.address;
      const token = await readToken(config, { chainId: 31337, token: tokenAddress, account });
      const unit = parseUnits("1", token.decimals);
      const ids: bigint[] = [];
      for (let i = 0; i < 2; i++) {
        const poolId = await createPool(config, {
          deployment,
          token: tokenAddress,
          ratePerGB: unit,
          maxRatePerGB: 2n * unit,
          epochBudget: 0n,
          noticePeriod: 60,
        });
        await fundPool(config, {
          deployment,
          poolId,
          amount: 10n * unit,
        });
        expect((await readPool(config, { deployment, poolId })).balance).toBe(10n * unit);
        ids.push(poolId);
      }
      expect(await getOwnedPoolIds(config, { deployment, owner: account })).toEqual(
        expect.arrayContaining(ids),
      );

      const attestations = await Promise.all(
        ids.map(async (poolId) => {
          const message = {
            poolId,
            account,
            cumulativeBytes: 1_000_000_000n,
            cumulativeAmount: unit,
          };
          const signature = await attestor.signTypedData({
            domain: rewardPoolsDomain(31337, deployment.contracts.RewardPools.address),
            types: attestationTypes,
            primaryType: "Attestation",
            message,
          });
          return { ...message, signatures: compact(signature), epoch: 1 };
        }),
      );
      const balanceBefore = (
        await readToken(config, { chainId: 31337, token: tokenAddress, account })
      ).balance;
      const receipts = await claimAll(config, { deployment, attestations });
      expect(receipts).toHaveLength(1);
      expect(
        (await readToken(config, { chainId: 31337, token: tokenAddress, account })).balance -
          balanceBefore,
      ).toBe(2n * unit);
      const history = await getAccountHistory(config, { deployment, account });
      expect(
        history.filter(
          (e) => e.eventName === "Claimed" && ids.includes(e.args["poolId"] as bigint),
        ),
      ).toHaveLength(2);

      const again = await claimAll(config, { deployment, attestations }).catch((e: unknown) => e);
      expect(describeError(again)).toMatch(/^Nothing to claim: NothingToClaim\(/);

      await closePool(config, { deployment, poolId: ids[0]! });
      expect((await readPool(config, { deployment, poolId: ids[0]! })).closed).toBe(true);
    },
  );

  it("registers a stream under the owner's salt", { timeout: 60_000 }, async () => {
    const salt = randomSalt();
    const { streamId } = await registerStream(config, { deployment, salt, originSigner: account });
    expect(streamId).toBe(streamIdOf(account, salt));
    expect(await readStreamRegistration(config, { deployment, streamId })).toEqual({
      owner: account,
      originSigner: account,
    });
  });

  it(
    "authorizes a relay key with its signature, lists it, and revokes it",
    { timeout: 60_000 },
    async () => {
      const relayKey = privateKeyToAccount(generatePrivateKey());
      const deadline = Math.floor(Date.now() / 1000) + 3600;
      const signature = await signRelayKeyAuthorization(relayKey, {
        chainId: 31337,
        stakingAddress: deployment.contracts.RelayStaking.address,
        operator: account,
        deadline,
      });
      await authorizeRelayKey(config, {
        deployment,
        authorization: { relayKey: relayKey.address, operator: account, deadline, signature },
      });
      expect(await getRelayKeys(config, { deployment, operator: account })).toContain(
        relayKey.address,
      );
      await revokeRelayKey(config, { deployment, relayKey: relayKey.address });
      expect(await getRelayKeys(config, { deployment, operator: account })).not.toContain(
        relayKey.address,
      );
      expect(await readMinNoticePeriod(config, { deployment })).toBeGreaterThan(0);
    },
  );
});
