/**
 * The coordinator's HTTP app, built from the process's services and not listening: `main.ts` (or a
 * test, or the demo) calls `listen`. Every piece of state lives in Redis, so any number of
 * these apps can serve the same deployment.
 */
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import { ApiError } from "./errors.ts";
import { cors } from "./http/cors.ts";
import { mountRoutes } from "./http/mount-routes.ts";
import { openApiDocument } from "./http/openapi.ts";
import { RedisRateLimitStore } from "./http/redis-rate-limit-store.ts";
import { requestLog, requestLogger } from "./http/request-log.ts";
import type { Route } from "./http/route.ts";
import { auditRoutes } from "./routes/audit-routes.ts";
import { authRoutes } from "./routes/auth-routes.ts";
import { epochRoutes } from "./routes/epoch-routes.ts";
import { poolRoutes } from "./routes/pool-routes.ts";
import { receiptRoutes } from "./routes/receipt-routes.ts";
import { relayRoutes } from "./routes/relay-routes.ts";
import { releaseRoutes } from "./routes/release-routes.ts";
import { sessionRoutes } from "./routes/session-routes.ts";
import { streamRoutes } from "./routes/stream-routes.ts";
import { systemRoutes } from "./routes/system-routes.ts";
import type { Services } from "./services.ts";
import { ReplicationError } from "./store/redis-script.ts";

export const API_VERSION = "1.0.0";

/**
 * Errors of a Redis that cannot take a write now (failover, cluster down, replicas behind, a
 * slot that moved and moved again before the client's slot map caught up).
 */
const REDIS_UNAVAILABLE =
  /^(CLUSTERDOWN|TRYAGAIN|LOADING|READONLY|MOVED |ASK |Connection is closed)/;

/**
 * Maps body-parser failures (which carry a `type`) to registered codes, and a Redis that
 * cannot take the request now (a failover, replicas behind REDIS_WAIT_REPLICAS) to
 * UNAVAILABLE, which clients retry.
 */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (
    error instanceof ReplicationError ||
    (error instanceof Error &&
      (["MaxRetriesPerRequestError", "ClusterAllFailedError"].includes(error.name) ||
        REDIS_UNAVAILABLE.test(error.message)))
  )
    return new ApiError("UNAVAILABLE", "Redis cannot take the request now; retry", {
      cause: error,
      headers: { "retry-after": "1" },
    });
  const type = (error as { type?: unknown } | null)?.type;
  if (type === "entity.too.large")
    return new ApiError("PAYLOAD_TOO_LARGE", "the body is larger than the limit");
  if (type === "entity.parse.failed")
    return new ApiError("INVALID_JSON", "the body is not valid JSON");
  if (type === "encoding.unsupported" || type === "charset.unsupported") {
    return new ApiError("UNSUPPORTED_MEDIA_TYPE", "send the body as UTF-8 JSON");
  }
  // The router's decodeURIComponent of a path parameter ("%00%ff") throws a URIError.
  if (error instanceof URIError) {
    return new ApiError("VALIDATION_FAILED", "a path parameter is not valid percent-encoding", {
      details: { issues: [{ path: "params", message: error.message, code: "invalid_format" }] },
    });
  }
  return new ApiError("INTERNAL", "internal error", { cause: error });
}

/**
 * With TRUST_PROXY=false every request's address is the socket's: behind a reverse proxy that
 * is the proxy, so every viewer would share one session cap and one rate limit. Warns once,
 * on the first request that carries forwarding headers.
 */
function warnOnIgnoredForwarding(logger: Services["logger"]): RequestHandler {
  let warned = false;
  return (req, _res, next) => {
    if (!warned) {
      const header = ["forwarded", "x-forwarded-for", "x-real-ip"].find(
        (h) => req.headers[h] !== undefined,
      );
      if (header !== undefined) {
        warned = true;
        logger.warn(
          { header, socketAddress: req.socket.remoteAddress },
          "requests carry forwarding headers but TRUST_PROXY=false: they are ignored, so every client behind the proxy shares one address (session cap, rate limit); set TRUST_PROXY to the proxy's hop count or subnet",
        );
      }
    }
    next();
  };
}

/** The HTTP app over the process's services (`createServices`). */
export function createApp(services: Services): Express {
  const { config, redis, logger, keys, metrics } = services;
  let document: unknown;
  const routes: Route[] = [
    ...streamRoutes(services),
    ...authRoutes(services),
    ...relayRoutes(services),
    ...sessionRoutes(services),
    ...receiptRoutes(services),
    ...auditRoutes(services),
    ...epochRoutes(services),
    ...poolRoutes(services),
    ...releaseRoutes(services),
    ...systemRoutes(
      services,
      () =>
        (document ??= openApiDocument(routes, {
          title: "StreamrP2P coordinator",
          version: API_VERSION,
        })),
    ),
  ];

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  app.use(
    requestLogger(logger, (req, res, seconds) => {
      const route = (res.locals.route as string | undefined) ?? "unmatched";
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
    }),
  );

  if (config.trustProxy === false) app.use(warnOnIgnoredForwarding(logger));

  const unlimited = new Set(routes.filter((r) => r.rateLimited === false).map((r) => r.path));
  const limiter: RequestHandler = rateLimit({
    windowMs: config.rateLimitWindowSeconds * 1000,
    limit: config.rateLimitMax,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    store: new RedisRateLimitStore(redis, keys),
    validate: { xForwardedForHeader: false },
    skip: (req) => unlimited.has(req.path),
    handler: (_req, _res, next, options) => {
      const retryAfter = String(Math.ceil(options.windowMs / 1000));
      next(
        new ApiError("RATE_LIMITED", "too many requests; slow down", {
          headers: { "retry-after": retryAfter },
        }),
      );
    },
  });
  app.use(cors(config.corsOrigins));
  app.use(limiter);
  app.use(express.json({ limit: config.bodyLimitBytes, strict: true, type: "application/json" }));

  const router = express.Router();
  mountRoutes(router, routes, services.auth);
  app.use(router);

  app.use((req, _res, next) =>
    next(new ApiError("NOT_FOUND", `no route ${req.method} ${req.path}`)),
  );
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    const apiError = asApiError(error);
    const log = requestLog(res) ?? logger;
    if (apiError.code === "INTERNAL") log.error({ err: error }, "unhandled error");
    metrics.errors.inc({ code: apiError.code });
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
    res.status(apiError.status).json(apiError.toBody());
  };
  app.use(onError);
  return app;
}
