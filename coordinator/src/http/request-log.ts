/**
 * One child logger per request, tagged with a request id (the client's `x-request-id` when
 * it is sane, else a fresh one), echoed in the response header. One line per request when
 * it finishes: method, route, status, duration. Bodies and headers are never logged.
 */
import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "pino";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestLog(res: Response): Logger {
  return res.locals.log as Logger;
}

export function requestLogger(
  logger: Logger,
  onFinish: (req: Request, res: Response, seconds: number) => void,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.get("x-request-id");
    const reqId = header && REQUEST_ID.test(header) ? header : randomUUID();
    res.setHeader("x-request-id", reqId);
    const log = logger.child({ reqId });
    res.locals.log = log;
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      onFinish(req, res, seconds);
      const line = {
        method: req.method,
        route: (res.locals.route as string | undefined) ?? null,
        url: req.originalUrl.slice(0, 200),
        status: res.statusCode,
        ms: Math.round(seconds * 1e4) / 10,
        ip: req.ip,
      };
      if (res.statusCode >= 500) log.error(line, "request failed");
      else log.info(line, "request");
    });
    next();
  };
}
