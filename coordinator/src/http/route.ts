/**
 * A route is data: method, path, zod schemas, documented answers and a handler. The same
 * table registers the Express handlers (http/mount-routes.ts) and generates the OpenAPI
 * document (http/openapi.ts), so the document cannot drift from what is served.
 */
import type { Logger } from "pino";
import type { z } from "zod";
import type { ErrorCode } from "../errors.ts";

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The client's network address (after TRUST_PROXY). */
  ip: string;
  /** The Host header, for the EIP-4361 domain check. */
  host: string;
  /** The signed-in relay, on routes with `auth`. */
  relay: `0x${string}` | undefined;
  log: Logger;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** Default application/json. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: "get" | "post";
  /** Express syntax: /v1/streams/:streamId */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** Needs a bearer token from POST /v1/auth/login. */
  auth?: boolean;
  /** Counted by the shared rate limiter (default true). */
  rateLimited?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  response: { status: number; description: string; schema?: z.ZodType; contentType?: string };
  /** Error codes this route answers with, besides the ones every route may answer. */
  errors: readonly ErrorCode[];
  handler(context: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<Reply>;
}

export type Route = RouteSpec<z.ZodType, z.ZodType, z.ZodType>;

export function defineRoute<
  P extends z.ZodType = z.ZodType<undefined>,
  Q extends z.ZodType = z.ZodType<undefined>,
  B extends z.ZodType = z.ZodType<undefined>,
>(spec: RouteSpec<P, Q, B>): Route {
  return spec as unknown as Route;
}

/** Errors any route may answer with. */
export const COMMON_ERRORS: readonly ErrorCode[] = ["RATE_LIMITED", "INTERNAL", "UNAVAILABLE"];
/** Errors any route with a JSON body may answer with. */
export const BODY_ERRORS: readonly ErrorCode[] = [
  "VALIDATION_FAILED",
  "INVALID_JSON",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
];
