/**
 * CORS for the browser app (the watch page calls the coordinator from another origin). No
 * cookies are used, so credentials are never allowed; preflights are answered here, before
 * rate limiting and routing.
 */
import type { NextFunction, Request, Response } from "express";

export function cors(allowed: readonly string[]) {
  const any = allowed.includes("*");
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.get("origin");
    if (origin && (any || allowed.includes(origin))) {
      res.setHeader("access-control-allow-origin", any ? "*" : origin);
      if (!any) res.setHeader("vary", "Origin");
      res.setHeader(
        "access-control-expose-headers",
        "x-request-id, retry-after, ratelimit, ratelimit-policy",
      );
    }
    if (req.method === "OPTIONS" && req.get("access-control-request-method")) {
      res.setHeader("access-control-allow-methods", "GET, POST");
      res.setHeader("access-control-allow-headers", "content-type, authorization, x-request-id");
      res.setHeader("access-control-max-age", "600");
      res.status(204).end();
      return;
    }
    next();
  };
}
