/** Streams: create, list, detail, ingest authorisation, and the origin's signed manifest. */
import { z } from "zod";
import {
  createStreamRequest,
  createStreamResponse,
  hex32,
  ingestAuthorizeRequest,
  ingestAuthorizeResponse,
  listStreamsResponse,
  manifestQuery,
  manifestResponse,
  publishManifestRequest,
  relayStakingDomain,
  streamDetail,
} from "@streamrp2p/protocol";
import { ApiError } from "../errors.ts";
import { BODY_ERRORS, defineRoute, type Route } from "../http/route.ts";
import { findManifestProblems } from "../core/manifest-validation.ts";
import { relayInfoOf, withStake, type Services } from "../services.ts";
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
        "Create a stream: returns its id and the secret stream key the streamer's encoder publishes with (shown once).",
      tag: "streams",
      body: createStreamRequest,
      response: {
        status: 201,
        description: "The stream, with its stream key.",
        schema: createStreamResponse,
      },
      errors: [...BODY_ERRORS],
      async handler({ body, log }) {
        const now = services.clock();
        const { record, streamKey } = await services.streams.create(body, now);
        services.metrics.streamsCreated.inc();
        log.info(
          { streamId: record.streamId, originAddress: record.originAddress },
          "stream created",
        );
        return { status: 201, body: { ...streamInfoOf(record, now, streamLiveMs), streamKey } };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/streams",
      operationId: "listStreams",
      summary: "Every stream, newest first.",
      tag: "streams",
      response: { status: 200, description: "The streams.", schema: listStreamsResponse },
      errors: [],
      async handler() {
        const now = services.clock();
        const records = await services.streams.list();
        return {
          status: 200,
          body: { streams: records.map((r) => streamInfoOf(r, now, streamLiveMs)) },
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
        const [records, viewers] = await Promise.all([
          services.relays.listForStream(params.streamId, now - relayLiveMs),
          services.sessions.countForStream(params.streamId, now),
        ]);
        const relays = (await withStake(services, records)).map(({ record, staked }) =>
          relayInfoOf(record, staked, now, relayLiveMs),
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
          config.manifestMaxEntries,
        );
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
