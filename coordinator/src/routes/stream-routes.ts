/** Streams: create, list, detail, ingest authorisation, and the origin's signed manifest. */
import { verifyTypedData } from "viem";
import { z } from "zod";
import {
  coordinatorDomain,
  createStreamRequest,
  createStreamTypes,
  streamIdOf,
  createStreamResponse,
  hex32,
  ingestAuthorizeRequest,
  ingestAuthorizeResponse,
  listStreamsResponse,
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
  pageQuery,
  manifestQuery,
  manifestResponse,
  publishManifestRequest,
  relayStakingDomain,
  streamDetail,
} from "@streamrp2p/protocol";
import { producedSnapshotsOf } from "../config.ts";
import { ApiError } from "../errors.ts";
import { checkDeadline } from "../http/deadline.ts";
import { BODY_ERRORS, defineRoute, type Route } from "../http/route.ts";
import { findManifestProblems } from "../core/manifest-validation.ts";
import { probePolicyOf, relayInfoOf, tiersOf, withStake, type Services } from "../services.ts";
import { streamInfoOf, type StreamRecord } from "../store/stream-store.ts";

const streamParams = z.strictObject({ streamId: hex32 });

async function requireStream(services: Services, streamId: string): Promise<StreamRecord> {
  const stream = await services.streams.get(streamId);
  if (!stream) throw new ApiError("STREAM_NOT_FOUND", `no stream ${streamId}`);
  return stream;
}

export function streamRoutes(services: Services): Route[] {
  const { config } = services;
  const streamLiveMs = config.streamLiveSeconds * 1000;
  const relayLiveMs = config.relayLiveSeconds * 1000;
  return [
    defineRoute({
      method: "post",
      path: "/v1/streams",
      operationId: "createStream",
      summary:
        "Create a stream signed by its owner (EIP-712 CreateStream): its id is streamIdOf(owner, salt); returns the secret stream key the streamer's encoder publishes with (shown once).",
      tag: "streams",
      body: createStreamRequest,
      response: {
        status: 201,
        description: "The stream, with its stream key.",
        schema: createStreamResponse,
      },
      errors: [...BODY_ERRORS, "SIGNATURE_EXPIRED", "OWNER_SIGNATURE_INVALID", "STREAM_EXISTS"],
      async handler({ body, log }) {
        const now = services.clock();
        checkDeadline(body.deadline, now, config.signatureMaxDeadlineSeconds);
        const valid = await verifyTypedData({
          address: body.owner,
          domain: coordinatorDomain(config.chainId),
          types: createStreamTypes,
          primaryType: "CreateStream",
          message: {
            owner: body.owner,
            salt: body.salt,
            originAddress: body.originAddress,
            name: body.name,
            maxBitrate: BigInt(body.maxBitrate),
            deadline: BigInt(body.deadline),
          },
          signature: body.ownerSignature,
        }).catch(() => false);
        if (!valid) {
          log.warn({ owner: body.owner }, "stream refused: owner signature invalid");
          throw new ApiError(
            "OWNER_SIGNATURE_INVALID",
            `the CreateStream signature is not ${body.owner}'s`,
          );
        }
        const streamId = streamIdOf(body.owner, body.salt);
        const created = await services.streams.create(
          {
            streamId,
            name: body.name,
            originAddress: body.originAddress.toLowerCase() as `0x${string}`,
            ownerAddress: body.owner.toLowerCase() as `0x${string}`,
            maxBitrate: Math.min(body.maxBitrate, config.maxStreamBitrate),
          },
          now,
        );
        if (!created) throw new ApiError("STREAM_EXISTS", `stream ${streamId} already exists`);
        const { record, streamKey } = created;
        services.metrics.streamsCreated.inc();
        log.info(
          { streamId: record.streamId, originAddress: record.originAddress, owner: body.owner },
          "stream created",
        );
        return { status: 201, body: { ...streamInfoOf(record, now, streamLiveMs), streamKey } };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/streams",
      operationId: "listStreams",
      summary: `The streams, newest first, one page at a time (?limit, default ${PAGE_LIMIT_DEFAULT}, at most ${PAGE_LIMIT_MAX}; ?cursor = the previous page's nextCursor).`,
      tag: "streams",
      query: pageQuery,
      response: { status: 200, description: "The streams.", schema: listStreamsResponse },
      errors: [],
      async handler({ query }) {
        const now = services.clock();
        const page = await services.streams.list(query.limit, query.cursor);
        return {
          status: 200,
          body: {
            streams: page.streams.map((r) => streamInfoOf(r, now, streamLiveMs)),
            nextCursor: page.nextCursor,
          },
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/streams/:streamId",
      operationId: "getStream",
      summary: "One stream, the live relays serving it, and its open viewer sessions.",
      tag: "streams",
      params: streamParams,
      response: { status: 200, description: "The stream.", schema: streamDetail },
      errors: ["VALIDATION_FAILED", "STREAM_NOT_FOUND"],
      async handler({ params }) {
        const now = services.clock();
        const stream = await requireStream(services, params.streamId);
        const [records, live, viewers] = await Promise.all([
          services.relays.listForStream(params.streamId, now - relayLiveMs),
          services.relays.list(now - relayLiveMs),
          services.sessions.countForStream(params.streamId, now),
        ]);
        const tiers = tiersOf(services, live);
        const relays = (await withStake(services, records)).map(({ record, ...standing }) =>
          relayInfoOf(
            record,
            standing,
            now,
            relayLiveMs,
            tiers.get(record.address) ?? 0,
            probePolicyOf(config),
          ),
        );
        return {
          status: 200,
          body: { ...streamInfoOf(stream, now, streamLiveMs), relays, viewers },
        };
      },
    }),
    defineRoute({
      method: "post",
      path: "/v1/ingest/authorize",
      operationId: "authorizeIngest",
      summary: "The origin asks which stream a publisher's stream key belongs to.",
      tag: "streams",
      body: ingestAuthorizeRequest,
      response: {
        status: 200,
        description: "The stream the key publishes to.",
        schema: ingestAuthorizeResponse,
      },
      errors: [...BODY_ERRORS, "INVALID_STREAM_KEY"],
      async handler({ body, ip, log }) {
        const stream = await services.streams.findByKey(body.streamKey);
        if (!stream) {
          log.warn({ ip }, "ingest refused: unknown stream key");
          throw new ApiError("INVALID_STREAM_KEY", "no stream has this stream key");
        }
        log.info({ streamId: stream.streamId, ip }, "ingest authorised");
        return {
          status: 200,
          body: { streamId: stream.streamId, originAddress: stream.originAddress },
        };
      },
    }),
    defineRoute({
      method: "post",
      path: "/v1/streams/:streamId/manifest",
      operationId: "publishManifest",
      summary:
        "The origin publishes signed manifest entries. Every EIP-712 signature must recover to the stream's origin address; one bad entry refuses the whole batch.",
      tag: "streams",
      params: streamParams,
      body: publishManifestRequest,
      response: { status: 202, description: "Stored (re-posting an identical entry is a no-op)." },
      errors: [
        ...BODY_ERRORS,
        "STREAM_NOT_FOUND",
        "STREAM_MISMATCH",
        "BAD_SIGNATURE",
        "MANIFEST_CONFLICT",
        "MANIFEST_RATE_EXCEEDED",
      ],
      async handler({ params, body, log }) {
        const stream = await requireStream(services, params.streamId);
        const problems = await findManifestProblems(body.entries, {
          streamId: stream.streamId,
          originAddress: stream.originAddress,
          domain: relayStakingDomain(config.chainId, config.stakingAddress),
        });
        if (problems.length > 0) {
          const first = problems[0]!;
          const details = { problems };
          if (first.reason === "stream-mismatch")
            throw new ApiError(
              "STREAM_MISMATCH",
              `entry ${first.sequence} names stream ${first.streamId}`,
              { details },
            );
          if (first.reason === "duplicate-sequence")
            throw new ApiError("VALIDATION_FAILED", `sequence ${first.sequence} appears twice`, {
              details,
            });
          log.warn(
            { streamId: stream.streamId, problems: problems.length },
            "manifest refused: bad signature",
          );
          throw new ApiError(
            "BAD_SIGNATURE",
            `entry ${first.sequence} is not signed by the stream's origin key ${stream.originAddress}`,
            { details },
          );
        }
        const result = await services.streams.appendManifest(
          stream.streamId,
          body.entries,
          services.clock(),
          {
            maxEntries: config.manifestMaxEntries,
            defaultMaxBitrate: config.maxStreamBitrate,
            slackMs: config.manifestSlackMs,
            produced: producedSnapshotsOf(config),
          },
        );
        if (!result.ok && result.reason === "rate") {
          log.warn(
            { streamId: stream.streamId, ...result },
            "manifest refused: ahead of the clock",
          );
          throw new ApiError(
            "MANIFEST_RATE_EXCEEDED",
            `the stream would have published ${result.bytes} bytes (allowed ${result.allowedBytes}) and ${result.ms} ms of media (allowed ${result.allowedMs}) by the coordinator's clock`,
            { details: result },
          );
        }
        if (!result.ok && result.reason === "conflict") {
          log.warn(
            { streamId: stream.streamId, sequence: result.sequence },
            "manifest refused: conflicting entry",
          );
          throw new ApiError(
            "MANIFEST_CONFLICT",
            `sequence ${result.sequence} is already stored with another hash`,
            {
              details: { sequence: result.sequence },
            },
          );
        }
        if (!result.ok) throw new ApiError("STREAM_NOT_FOUND", `no stream ${stream.streamId}`);
        services.metrics.manifestEntries.inc(result.added);
        return { status: 202 };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/streams/:streamId/manifest",
      operationId: "getManifest",
      summary: "Stored manifest entries with sequence >= from, ascending, at most `limit`.",
      tag: "streams",
      params: streamParams,
      query: manifestQuery,
      response: { status: 200, description: "The entries.", schema: manifestResponse },
      errors: ["VALIDATION_FAILED", "STREAM_NOT_FOUND"],
      async handler({ params, query }) {
        const stream = await requireStream(services, params.streamId);
        const entries = await services.streams.manifest(stream.streamId, query.from, query.limit);
        return { status: 200, body: { streamId: stream.streamId, entries } };
      },
    }),
  ];
}
