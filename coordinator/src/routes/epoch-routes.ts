/** Epochs, attestations, earnings and leaderboards. */
import { z } from "zod";
import {
  address,
  epochInfoResponse,
  leaderboardQuery,
  leaderboardResponse,
  relayAttestationsResponse,
  relayEarningsResponse,
} from "@streamrp2p/protocol";
import { leaderboardRetentionSecondsOf } from "../config.ts";
import { epochAt } from "../core/epoch-window.ts";
import { epochsIn, MAX_PERIOD_EPOCHS, periodEpochs } from "../core/leaderboard-period.ts";
import { ApiError } from "../errors.ts";
import { defineRoute, type Route } from "../http/route.ts";
import type { Services } from "../services.ts";

const scoreToDecimal = (score: string) => BigInt(Math.round(Number(score))).toString();

export function epochRoutes(services: Services): Route[] {
  const { config } = services;
  return [
    defineRoute({
      method: "get",
      path: "/v1/epochs/current",
      operationId: "getCurrentEpoch",
      summary: `The current epoch (EPOCH_SECONDS = ${config.epochSeconds}), the last closed one with its results, and the receipt batches not yet evaluated.`,
      tag: "epochs",
      response: { status: 200, description: "The epoch.", schema: epochInfoResponse },
      errors: [],
      async handler() {
        const window = epochAt(services.clock(), services.epochs.schedule);
        const lastClosed = await services.epochs.closedThrough();
        const lastClose =
          lastClosed === null ? undefined : await services.epochs.result(lastClosed);
        return {
          status: 200,
          body: {
            ...window,
            lengthSeconds: config.epochSeconds,
            lastClosed,
            ...(lastClose === undefined ? {} : { lastClose }),
            backlog: await services.receipts.backlog(),
          },
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/relays/:address/attestations",
      operationId: "getRelayAttestations",
      summary:
        "The relay's claimable attestations: per pool its cumulative bytes and amount, signed by the attestors (EIP-712, packed compact signatures in ascending signer order), ready for RewardPools.claim / claimBatch.",
      tag: "epochs",
      params: z.strictObject({ address }),
      response: {
        status: 200,
        description: "The attestations.",
        schema: relayAttestationsResponse,
      },
      errors: ["VALIDATION_FAILED", "ATTESTOR_UNAVAILABLE"],
      async handler({ params }) {
        const signer = services.signer;
        if (!signer) throw new ApiError("ATTESTOR_UNAVAILABLE", "no attestor key is configured");
        const rows = await services.epochs.relayEntries(params.address);
        const attestations = await Promise.all(
          rows.map(async (r) => {
            const field = `${signer.setId}:${r.poolId}:${r.relay}:${r.cumulativeBytes}:${r.cumulativeAmount}`;
            let signatures = await services.epochs.cachedSignature(field);
            if (signatures === null) {
              signatures = await signer.sign({
                poolId: r.poolId,
                account: r.relay,
                cumulativeBytes: r.cumulativeBytes,
                cumulativeAmount: r.cumulativeAmount,
              });
              await services.epochs.cacheSignature(field, signatures);
            }
            return {
              poolId: r.poolId.toString(),
              account: r.relay,
              cumulativeBytes: r.cumulativeBytes.toString(),
              cumulativeAmount: r.cumulativeAmount.toString(),
              signatures,
              epoch: r.epoch,
            };
          }),
        );
        return { status: 200, body: { attestations } };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/relays/:address/earnings",
      operationId: "getRelayEarnings",
      summary:
        "What the relay earned per closed epoch and pool (bytes credited, amount attested), newest first.",
      tag: "epochs",
      params: z.strictObject({ address }),
      response: { status: 200, description: "The earnings.", schema: relayEarningsResponse },
      errors: ["VALIDATION_FAILED"],
      async handler({ params }) {
        const rows = await services.epochs.earnings(params.address);
        return {
          status: 200,
          body: {
            relay: params.address,
            earnings: rows.map((r) => ({
              epoch: r.epoch,
              poolId: r.poolId.toString(),
              bytes: r.bytes.toString(),
              amount: r.amount.toString(),
            })),
          },
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/leaderboard",
      operationId: "getLeaderboard",
      summary: `Relays ranked by verified bytes or by attested earnings, over a period: the last closed epoch (epoch), the closed epochs that ended in the last 24 h or 7 d (at most the newest ${MAX_PERIOD_EPOCHS}; fromEpoch/toEpoch say which), or all time (default). Earnings sum token base units of the pools' token: every pool of a deployment pays in one token.`,
      tag: "epochs",
      query: leaderboardQuery,
      response: { status: 200, description: "The ranking.", schema: leaderboardResponse },
      errors: ["VALIDATION_FAILED"],
      async handler({ query }) {
        const range =
          query.period === "all"
            ? undefined
            : periodEpochs({
                period: query.period,
                now: services.clock(),
                lastClosed: await services.epochs.closedThrough(),
                schedule: services.epochs.schedule,
                retentionMs: leaderboardRetentionSecondsOf(config) * 1000,
              });
        const epochs = query.period === "all" ? "all" : range ? epochsIn(range) : [];
        const top = await services.leaderboards.top(query.by, epochs, query.limit);
        return {
          status: 200,
          body: {
            by: query.by,
            period: query.period,
            ...range,
            entries: top.map((t, i) => ({
              rank: i + 1,
              relay: t.relay,
              value: scoreToDecimal(t.score),
            })),
          },
        };
      },
    }),
  ];
}
