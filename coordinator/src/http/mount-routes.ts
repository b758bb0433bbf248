/** Registers the route table on an Express router: auth, validation, handler, reply. */
import type { Request, Response, Router } from "express";
import type { z } from "zod";
import { ApiError } from "../errors.ts";
import type { AuthStore } from "../store/auth-store.ts";
import { requestLog } from "./request-log.ts";
import type { Reply, Route } from "./route.ts";

/** zod issues as plain JSON for `details.issues`. */
export function describeIssues(
  error: z.ZodError,
  where: string,
): { issues: { path: string; message: string; code: string }[] } {
  return {
    issues: error.issues.map((i) => ({
      path: [where, ...i.path.map(String)].join("."),
      message: i.message,
      code: i.code,
    })),
  };
}

function parse<S extends z.ZodType>(schema: S | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ApiError(
    "VALIDATION_FAILED",
    `invalid ${where}: ${result.error.issues[0]?.message ?? "bad input"}`,
    {
      details: describeIssues(result.error, where),
    },
  );
}

async function authenticate(req: Request, auth: AuthStore): Promise<`0x${string}`> {
  const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(req.get("authorization") ?? "");
  const relay = match ? await auth.resolveToken(match[1]!) : undefined;
  if (!relay)
    throw new ApiError("UNAUTHORIZED", "a valid bearer token from POST /v1/auth/login is required");
  return relay;
}

function send(res: Response, reply: Reply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.status(reply.status);
  if (reply.body === undefined) {
    res.end();
  } else if (reply.contentType) {
    res.type(reply.contentType).send(reply.body);
  } else {
    res.json(reply.body);
  }
}

export function mountRoutes(router: Router, routes: readonly Route[], auth: AuthStore): void {
  for (const route of routes) {
    router[route.method](route.path, async (req: Request, res: Response) => {
      res.locals.route = route.path;
      const relay = route.auth ? await authenticate(req, auth) : undefined;
      if (route.body && !req.is("application/json")) {
        throw new ApiError(
          "UNSUPPORTED_MEDIA_TYPE",
          "send the body as JSON with content-type: application/json",
        );
      }
      const params = parse(route.params, req.params, "params");
      const query = parse(route.query, req.query, "query");
      const body = parse(route.body, req.body, "body");
      const reply = await route.handler({
        params,
        query,
        body,
        ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
        host: req.get("host") ?? "",
        relay,
        log: requestLog(res),
      });
      send(res, reply);
    });
  }
}
