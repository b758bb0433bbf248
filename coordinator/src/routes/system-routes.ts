/** Operations: health, Prometheus metrics, and the OpenAPI document of every route. */
import { z } from "zod";
import { healthResponse } from "@streamrp2p/protocol";
import { ApiError } from "../errors.ts";
import { defineRoute, type Route } from "../http/route.ts";
import type { Services } from "../services.ts";

const PING_TIMEOUT_MS = 1_000;

export function systemRoutes(services: Services, openApi: () => unknown): Route[] {
  return [
    defineRoute({
      method: "get",
      path: "/healthz",
      operationId: "health",
      summary: "Liveness and readiness: answers 200 when Redis answers PING.",
      tag: "system",
      rateLimited: false,
      response: { status: 200, description: "Healthy.", schema: healthResponse },
      errors: ["UNAVAILABLE"],
      async handler({ log }) {
        try {
          await Promise.race([
            services.redis.ping(),
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error("PING timed out")), PING_TIMEOUT_MS).unref(),
            ),
          ]);
        } catch (cause) {
          log.error({ err: cause }, "health check: Redis does not answer");
          throw new ApiError("UNAVAILABLE", "Redis does not answer", { cause });
        }
        return { status: 200, body: { status: "ok", redis: "ok" } };
      },
    }),
    defineRoute({
      method: "get",
      path: "/metrics",
      operationId: "metrics",
      summary: "Prometheus metrics (text exposition format).",
      tag: "system",
      rateLimited: false,
      response: { status: 200, description: "Metrics.", contentType: "text/plain; version=0.0.4" },
      errors: [],
      async handler() {
        return {
          status: 200,
          body: await services.registry.metrics(),
          contentType: services.registry.contentType,
        };
      },
    }),
    defineRoute({
      method: "get",
      path: "/openapi.json",
      operationId: "openApi",
      summary:
        "This API's OpenAPI 3.1 document, generated from the route table and its zod schemas.",
      tag: "system",
      rateLimited: false,
      response: {
        status: 200,
        description: "The document.",
        schema: z.record(z.string(), z.unknown()),
      },
      errors: [],
      async handler() {
        return { status: 200, body: openApi() };
      },
    }),
  ];
}
