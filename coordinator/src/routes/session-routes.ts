/** Viewer sessions: the relays a viewer should fetch from, under a per-viewer session cap. */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import {
  createSessionRequest,
  createSessionResponse,
  importSessionPublicKey,
  sessionId,
  sessionInfo,
} from "@streamrp2p/protocol";
import { ApiError } from "../errors.ts";
import { BODY_ERRORS, defineRoute, type Route } from "../http/route.ts";
import { assignRelays, type Services } from "../services.ts";
import { retryAfterSeconds, viewerKey } from "../core/session-cap.ts";
import type { StoredSession } from "../store/session-store.ts";

function sessionBody(s: StoredSession) {
  return {
    sessionId: s.sessionId,
    streamId: s.streamId,
    relays: s.relayEndpoints,
    expiresAt: s.expiresAt,
    viewerPublicKey: s.publicKey,
    createdAt: s.createdAt,
  };
}

export function sessionRoutes(services: Services): Route[] {
  const { config } = services;
  return [
    defineRoute({
      method: "post",
      path: "/v1/sessions",
      operationId: "createSession",
      summary:
        "Open a viewer session: the live, staked relays to fetch from, best first (serving the stream first, then tier descending, then load ascending).",
      tag: "sessions",
      body: createSessionRequest,
      response: { status: 201, description: "The session.", schema: createSessionResponse },
      errors: [...BODY_ERRORS, "STREAM_NOT_FOUND", "NO_RELAYS_AVAILABLE", "SESSION_LIMIT"],
      async handler({ body, ip, log }) {
        await importSessionPublicKey(body.viewerPublicKey).catch((error: unknown) => {
          throw new ApiError("VALIDATION_FAILED", "viewerPublicKey is not a P-256 public key", {
            cause: error,
            details: {
              issues: [{ path: "body.viewerPublicKey", message: "not importable", code: "custom" }],
            },
          });
        });
        const now = services.clock();
        const stream = await services.streams.get(body.streamId);
        if (!stream) throw new ApiError("STREAM_NOT_FOUND", `no stream ${body.streamId}`);
        const id = randomBytes(16).toString("hex");
        const ranked = await assignRelays(services, stream.streamId, id, now, body.viewerAddress);
        if (ranked.length === 0) {
          services.metrics.sessionsRefused.inc({ reason: "no-relays" });
          throw new ApiError(
            "NO_RELAYS_AVAILABLE",
            "no live, staked relay can serve this stream right now",
          );
        }
        const expiresAt = now + config.sessionTtlSeconds * 1000;
        const cap = config.maxSessionsPerAddress;
        const viewer = viewerKey(ip, { v4: config.sessionPrefixV4, v6: config.sessionPrefixV6 });
        const reservation = await services.sessions.reserve(viewer, id, expiresAt, now, cap);
        if (!reservation.ok) {
          services.metrics.sessionsRefused.inc({ reason: "limit" });
          const retryAfter = retryAfterSeconds(reservation.earliestExpiry, now);
          log.warn({ ip, viewer }, "session refused: limit reached");
          throw new ApiError(
            "SESSION_LIMIT",
            `this network prefix already holds ${cap} open sessions`,
            {
              details: { limit: cap, retryAfterSeconds: retryAfter },
              headers: { "retry-after": String(retryAfter) },
            },
          );
        }
        const session: StoredSession = {
          sessionId: id,
          streamId: stream.streamId,
          publicKey: body.viewerPublicKey,
          createdAt: now,
          firstSequence:
            stream.lastSequence === null
              ? 0
              : Math.max(0, stream.lastSequence - config.sessionBackfillSegments + 1),
          relays: ranked.map((r) => r.address),
          viewerIp: ip,
          ...(body.viewerAddress ? { viewerAddress: body.viewerAddress } : {}),
          addressOrdinal: reservation.open,
          expiresAt,
          relayEndpoints: ranked,
        };
        await services.sessions.save(session, now);
        services.metrics.sessionsCreated.inc();
        log.info(
          { sessionId: id, streamId: stream.streamId, relays: session.relays.length },
          "session created",
        );
        return {
          status: 201,
          body: {
            sessionId: id,
            streamId: stream.streamId,
            relays: session.relayEndpoints,
            expiresAt,
          },
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/v1/sessions/:sessionId",
      operationId: "getSession",
      summary: "One open viewer session.",
      tag: "sessions",
      params: z.strictObject({ sessionId }),
      response: { status: 200, description: "The session.", schema: sessionInfo },
      errors: ["VALIDATION_FAILED", "SESSION_NOT_FOUND"],
      async handler({ params }) {
        const session = await services.sessions.get(params.sessionId);
        if (!session)
          throw new ApiError("SESSION_NOT_FOUND", `no open session ${params.sessionId}`);
        return { status: 200, body: sessionBody(session) };
      },
    }),
  ];
}
