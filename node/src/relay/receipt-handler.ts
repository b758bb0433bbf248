/**
 * POST /receipts on the relay: a viewer posts its latest signed receipt (JSON, at most
 * `maxBodyBytes`). 202 kept or already superseded, 400 malformed or refused (with a code),
 * 413 too large, 429 when the client's network posts too often or looks up too many new
 * sessions, 503 when the coordinator cannot be asked about the session (or the relay's lookup
 * budget is spent). 429 and 503 carry Retry-After.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { CORS_HEADERS } from "../hls/segment-store.ts";
import { clientKey } from "../limits/client-key.ts";
import type { KeyedRateLimiter } from "../limits/keyed-rate-limiter.ts";
import type { ReceiptRefusal, ReceiptStore } from "./receipt-store.ts";

export const RECEIPTS_PATH = "/receipts";
const DEFAULT_MAX_BODY_BYTES = 4096;

const JSON_HEADERS = { ...CORS_HEADERS, "content-type": "application/json" };

class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

export interface ReceiptHandlerOptions {
  /** Default 4096. */
  maxBodyBytes?: number;
  /** POST /receipts requests per client network (see clientKey); none: unlimited. */
  requestsPerClient?: KeyedRateLimiter;
}

/** What a POST /receipts is answered with (JSON body). */
export interface ReceiptReply {
  status: number;
  body: unknown;
}

/**
 * The receipt intake behind the HTTP shell: the relay's main thread runs it; a serve worker
 * (relay/serve-worker.ts) reaches it through messages, so the rate limit and the store stay one.
 */
export interface ReceiptIntake {
  /** False when the client's network posts too often (429). */
  admit(client: string): boolean | Promise<boolean>;
  /** The reply to a posted body (text, at most the body limit). */
  submit(text: string, client: string): Promise<ReceiptReply>;
}

export function receiptIntake(
  store: ReceiptStore,
  { requestsPerClient }: Pick<ReceiptHandlerOptions, "requestsPerClient"> = {},
): ReceiptIntake {
  return {
    admit: (client) => !requestsPerClient || requestsPerClient.take(client),
    async submit(text, client) {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return {
          status: 400,
          body: { error: { code: "INVALID_JSON", message: "the body is not JSON" } },
        };
      }
      const result = await store.submit(body, client);
      if (result.ok) return { status: 202, body: { kept: result.kept } };
      return {
        status: STATUS[result.code] ?? 400,
        body: { error: { code: result.code, message: result.message } },
      };
    },
  };
}

export function createReceiptHandler(
  store: ReceiptStore,
  options: ReceiptHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return createReceiptHttpHandler(receiptIntake(store, options), options);
}

/** The HTTP shell of POST /receipts over an intake (local, or a serve worker's remote one). */
export function createReceiptHttpHandler(
  intake: ReceiptIntake,
  { maxBodyBytes = DEFAULT_MAX_BODY_BYTES }: Pick<ReceiptHandlerOptions, "maxBodyBytes"> = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        ...CORS_HEADERS,
        "access-control-allow-methods": "POST, OPTIONS",
        "access-control-allow-headers": "content-type",
        "access-control-max-age": "86400",
      });
      res.end();
      return;
    }
    if (req.method !== "POST") {
      reply(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "POST a receipt" } });
      return;
    }
    void handle(intake, maxBodyBytes, clientKey(req.socket.remoteAddress), req, res);
  };
}

async function handle(
  intake: ReceiptIntake,
  maxBodyBytes: number,
  client: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!(await intake.admit(client))) {
    reply(res, 429, { error: { code: "RATE_LIMITED", message: "too many receipts" } }, true);
    return;
  }
  let text: string;
  try {
    text = await readBody(req, maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      reply(res, 413, { error: { code: "BODY_TOO_LARGE", message: error.message } }, true);
    } else {
      res.destroy();
    }
    return;
  }
  const answer = await intake.submit(text, client);
  reply(res, answer.status, answer.body);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (declared > limit) {
      reject(new BodyTooLargeError(`the body exceeds ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        reject(new BodyTooLargeError(`the body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.once("error", reject);
  });
}

const STATUS: Partial<Record<ReceiptRefusal, number>> = {
  SESSION_LOOKUP_FAILED: 503,
  STORE_FULL: 503,
  LOOKUP_BUSY: 503,
  RATE_LIMITED: 429,
};

function reply(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...JSON_HEADERS,
    ...(status === 429 || status === 503 ? { "retry-after": "2" } : {}),
    "content-length": String(Buffer.byteLength(text)),
    ...(close ? { connection: "close" } : {}),
  });
  res.end(text);
}
