/** Reward pools: which pool pays for a stream, and every pool's balance, spend and supporters. */
import { verifyTypedData } from "viem";
import { z } from "zod";
import {
  coordinatorDomain,
  hex32,
  linkPoolTypes,
  linkPoolRequest,
  linkPoolResponse,
  listPoolsResponse,
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
  pageQuery,
  poolDetail,
  setViewerCapRequest,
  setViewerCapResponse,
  setViewerCapTypes,
} from "@streamrp2p/protocol";
import { ApiError } from "../errors.ts";
import { checkDeadline } from "../http/deadline.ts";
import { BODY_ERRORS, defineRoute, type Route } from "../http/route.ts";
import type { Services } from "../services.ts";
import type { PoolState } from "../store/pool-store.ts";

const SUPPORTERS = 50;

async function detail(services: Services, pool: PoolState) {
  const [streams, supporters] = await Promise.all([
    services.pools.streamsOf(pool.poolId),
    services.pools.supporters(pool.poolId, SUPPORTERS),
  ]);
  const outstanding = pool.attestedTotal - pool.claimedTotal;
  return {
    poolId: pool.poolId.toString(),
    owner: pool.owner,
    token: pool.token,
    ratePerGB: pool.ratePerGB.toString(),
    maxRatePerGB: pool.maxRatePerGB.toString(),
    epochBudget: pool.epochBudget.toString(),
    balance: pool.balance.toString(),
    closesAt: pool.closesAt,
    claimedTotal: pool.claimedTotal.toString(),
    attestedTotal: pool.attestedTotal.toString(),
    outstanding: (outstanding > 0n ? outstanding : 0n).toString(),
    streams: streams.sort() as `0x${string}`[],
    supporters: supporters.map((s) => ({
      relay: s.relay as `0x${string}`,
      amount: s.amount.toString(),
    })),
    maxViewers: pool.maxViewers,
  };
}

const poolIdParam = z.string().regex(/^(0|[1-9][0-9]{0,77})$/);

export function poolRoutes(services: Services): Route[] {
  return [
    defineRoute({
      method: "post",
      path: "/v1/streams/:streamId/pools",
      operationId: "linkStreamPool",
      summary:
        "Make a reward pool pay for a stream's relays (replacing any earlier one). The body carries the EIP-712 LinkPool signature of the pool's on-chain owner, who must be the stream's owner.",
      tag: "pools",
      params: z.strictObject({ streamId: hex32 }),
      body: linkPoolRequest,
      response: { status: 200, description: "Linked.", schema: linkPoolResponse },
      errors: [
        ...BODY_ERRORS,
        "SIGNATURE_EXPIRED",
        "OWNER_SIGNATURE_INVALID",
        "STREAM_NOT_FOUND",
        "POOL_NOT_FOUND",
        "POOL_OWNER_MISMATCH",
        "CHAIN_UNAVAILABLE",
      ],
      async handler({ params, body, log }) {
        checkDeadline(body.deadline, services.clock(), services.config.signatureMaxDeadlineSeconds);
        const stream = await services.streams.get(params.streamId);
        if (!stream) throw new ApiError("STREAM_NOT_FOUND", `no stream ${params.streamId}`);
        if (!services.poolReader)
          throw new ApiError("CHAIN_UNAVAILABLE", "no CHAIN_RPC_URL is configured");
        const poolId = BigInt(body.poolId);
        const pool = await services.poolReader.read(poolId).catch((cause: unknown) => {
          throw new ApiError("CHAIN_UNAVAILABLE", "the chain did not answer", { cause });
        });
        if (!pool) throw new ApiError("POOL_NOT_FOUND", `no pool ${poolId}`);
        const owner = pool.owner.toLowerCase();
        const signed = await verifyTypedData({
          address: pool.owner,
          domain: coordinatorDomain(services.config.chainId),
          types: linkPoolTypes,
          primaryType: "LinkPool",
          message: { streamId: stream.streamId, poolId, deadline: BigInt(body.deadline) },
          signature: body.signature,
        }).catch(() => false);
        if (!signed) {
          log.warn({ streamId: stream.streamId, poolId: poolId.toString() }, "link refused");
          throw new ApiError(
            "OWNER_SIGNATURE_INVALID",
            `the LinkPool signature is not the pool owner's (${owner})`,
          );
        }
        if (!stream.ownerAddress || stream.ownerAddress.toLowerCase() !== owner) {
          throw new ApiError(
            "POOL_OWNER_MISMATCH",
            `pool ${poolId} belongs to ${owner}, not to the stream's owner`,
            {
              details: { poolOwner: owner, streamOwner: stream.ownerAddress ?? null },
            },
          );
        }
        if (!(await services.pools.get(poolId))) await services.pools.saveChain(poolId, pool, 0);
        await services.pools.linkStream(stream.streamId, poolId);
        log.info({ streamId: stream.streamId, poolId: poolId.toString() }, "stream linked to pool");
        return { status: 200, body: { streamId: stream.streamId, poolId: poolId.toString() } };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/pools",
      operationId: "listPools",
      summary: `The known reward pools by id, one page at a time (?limit, default ${PAGE_LIMIT_DEFAULT}, at most ${PAGE_LIMIT_MAX}; ?cursor = the previous page's nextCursor): balance, claimed and attested totals, streams and top supporters.`,
      tag: "pools",
      query: pageQuery,
      response: { status: 200, description: "The pools.", schema: listPoolsResponse },
      errors: [],
      async handler({ query }) {
        if (query.cursor !== undefined && query.cursor.includes(":")) {
          throw new ApiError("VALIDATION_FAILED", "a pool cursor is a pool id");
        }
        const page = await services.pools.list(
          query.limit,
          query.cursor === undefined ? undefined : BigInt(query.cursor),
        );
        return {
          status: 200,
          body: {
            pools: await Promise.all(page.pools.map((p) => detail(services, p))),
            nextCursor: page.nextCursor,
          },
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/pools/:poolId",
      operationId: "getPool",
      summary: "One reward pool: balance, claimed and attested totals, streams and top supporters.",
      tag: "pools",
      params: z.strictObject({ poolId: poolIdParam }),
      response: { status: 200, description: "The pool.", schema: poolDetail },
      errors: ["VALIDATION_FAILED", "POOL_NOT_FOUND"],
      async handler({ params }) {
        const pool = await services.pools.get(BigInt(params.poolId));
        if (!pool) throw new ApiError("POOL_NOT_FOUND", `no pool ${params.poolId}`);
        return { status: 200, body: await detail(services, pool) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/v1/pools/:poolId/viewer-cap",
      operationId: "setViewerCap",
      summary:
        "Set the most viewer sessions the pool pays per epoch (0 = no cap; off-chain, applied at each epoch close to all the pool's streams: the first sessions by first credited receipt are paid, the rest withheld as `viewer-cap`). The body carries the EIP-712 SetViewerCap signature of the pool's owner; its nonce must exceed the last accepted one.",
      tag: "pools",
      params: z.strictObject({ poolId: poolIdParam }),
      body: setViewerCapRequest,
      response: { status: 200, description: "The cap is set.", schema: setViewerCapResponse },
      errors: [
        ...BODY_ERRORS,
        "SIGNATURE_EXPIRED",
        "OWNER_SIGNATURE_INVALID",
        "POOL_NOT_FOUND",
        "NONCE_USED",
      ],
      async handler({ params, body, log }) {
        checkDeadline(body.deadline, services.clock(), services.config.signatureMaxDeadlineSeconds);
        const poolId = BigInt(params.poolId);
        const pool = await services.pools.get(poolId);
        if (!pool) throw new ApiError("POOL_NOT_FOUND", `no pool ${poolId}`);
        const signed = await verifyTypedData({
          address: pool.owner,
          domain: coordinatorDomain(services.config.chainId),
          types: setViewerCapTypes,
          primaryType: "SetViewerCap",
          message: {
            poolId,
            maxViewers: body.maxViewers,
            nonce: BigInt(body.nonce),
            deadline: BigInt(body.deadline),
          },
          signature: body.signature,
        }).catch(() => false);
        if (!signed) {
          log.warn({ poolId: poolId.toString() }, "viewer cap refused: not the owner's signature");
          throw new ApiError(
            "OWNER_SIGNATURE_INVALID",
            `the SetViewerCap signature is not the pool owner's (${pool.owner})`,
          );
        }
        if ((await services.pools.setViewerCap(poolId, body.maxViewers, body.nonce)) === "stale") {
          throw new ApiError(
            "NONCE_USED",
            `nonce ${body.nonce} is not above the last one accepted for pool ${poolId}`,
          );
        }
        log.info({ poolId: poolId.toString(), maxViewers: body.maxViewers }, "pool viewer cap set");
        return {
          status: 200,
          body: { poolId: poolId.toString(), maxViewers: body.maxViewers, nonce: body.nonce },
        };
      },
    }),
  ];
}
