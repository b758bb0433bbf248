/**
 * The coordinator routes the node calls, with typed errors and a per-request timeout.
 * Relays sign in with EIP-4361 (Sign-In with Ethereum) and refresh the bearer token before it expires.
 */
import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";
import type { z } from "zod";
import {
  authLoginResponse,
  authNonceResponse,
  ingestAuthorizeResponse,
  sessionInfo,
  streamInfo,
  type SessionInfo,
  type SignedManifestEntry,
  type StreamInfo,
  type fetchLogRequest,
  type heartbeatRequest,
} from "@streamrp2p/protocol/api";
import type { SignedReceipt } from "@streamrp2p/protocol/receipt";
import { relayAttestations, type RelayAttestations } from "./operator/attestations.ts";

export class CoordinatorError extends Error {
  override readonly name = "CoordinatorError";
  readonly status: number | undefined;
  readonly code: string | undefined;
  constructor(message: string, status?: number, code?: string, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.code = code;
  }
}

export interface CoordinatorClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class CoordinatorClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private token: { value: string; expiresAt: number } | undefined;
  private account: LocalAccount | undefined;
  private chainId = 0;

  constructor(options: CoordinatorClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, "");
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** POST /v1/ingest/authorize: the stream a key publishes to, or undefined when refused (403/404). */
  async authorizeIngest(
    streamKey: string,
  ): Promise<z.infer<typeof ingestAuthorizeResponse> | undefined> {
    const response = await this.request(
      "POST",
      "/v1/ingest/authorize",
      { streamKey },
      false,
      [403, 404],
    );
    if (response.status === 403 || response.status === 404) return undefined;
    return ingestAuthorizeResponse.parse(await response.json());
  }

  async streamInfo(streamId: string): Promise<StreamInfo> {
    const response = await this.request("GET", `/v1/streams/${streamId}`);
    return streamInfo.parse(await response.json());
  }

  /** GET /v1/sessions/:id: the open session, or undefined when the coordinator has none (404). */
  async session(sessionId: string): Promise<SessionInfo | undefined> {
    const response = await this.request(
      "GET",
      `/v1/sessions/${encodeURIComponent(sessionId)}`,
      undefined,
      false,
      [404],
    );
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    return sessionInfo.parse(await response.json());
  }

  /** POST /v1/receipts (authorised): the latest receipts of this relay's sessions. */
  async postReceipts(receipts: SignedReceipt[]): Promise<number> {
    const response = await this.request("POST", "/v1/receipts", { receipts }, true);
    const body = (await response.json()) as { accepted?: unknown };
    return typeof body.accepted === "number" ? body.accepted : receipts.length;
  }

  /** GET /v1/relays/:address/attestations: signed attestations ready for RewardPools.claim. */
  async attestations(relay: string): Promise<RelayAttestations> {
    const response = await this.request("GET", `/v1/relays/${relay.toLowerCase()}/attestations`);
    return relayAttestations.parse(await response.json());
  }

  async publishManifest(streamId: string, entries: SignedManifestEntry[]): Promise<void> {
    await this.request("POST", `/v1/streams/${streamId}/manifest`, { entries });
  }

  /** Signs in with EIP-4361 as `account`; later authorised calls reuse and renew the token. */
  async login(account: LocalAccount, chainId: number): Promise<void> {
    this.account = account;
    this.chainId = chainId;
    const { nonce } = authNonceResponse.parse(
      await (await this.request("GET", "/v1/auth/nonce")).json(),
    );
    const url = new URL(this.baseUrl);
    const message = createSiweMessage({
      address: account.address,
      chainId,
      domain: url.host,
      nonce,
      uri: this.baseUrl,
      version: "1",
      issuedAt: new Date(),
      statement: "Sign in to the StreamrP2P coordinator as a relay operator.",
    });
    const signature = await account.signMessage({ message });
    const login = authLoginResponse.parse(
      await (await this.request("POST", "/v1/auth/login", { message, signature })).json(),
    );
    this.token = { value: login.token, expiresAt: login.expiresAt };
  }

  async heartbeat(body: z.input<typeof heartbeatRequest>): Promise<void> {
    await this.request("POST", "/v1/relays/heartbeat", body, true);
  }

  async fetchLog(body: z.input<typeof fetchLogRequest>): Promise<void> {
    await this.request("POST", "/v1/relays/fetch-log", body, true);
  }

  private async bearer(): Promise<string> {
    // expiresAt may be seconds or milliseconds; renew a minute early either way.
    const expiresMs =
      this.token && this.token.expiresAt < 1e12
        ? this.token.expiresAt * 1000
        : this.token?.expiresAt;
    if (!this.token || (expiresMs !== undefined && expiresMs - Date.now() < 60_000)) {
      if (!this.account) throw new CoordinatorError("not signed in");
      await this.login(this.account, this.chainId);
    }
    return this.token!.value;
  }

  private async request(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    authorised = false,
    acceptStatuses: number[] = [],
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (authorised) headers.authorization = `Bearer ${await this.bearer()}`;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (cause) {
      throw new CoordinatorError(
        `${method} ${path}: ${(cause as Error).message}`,
        undefined,
        undefined,
        { cause },
      );
    }
    if (response.ok || acceptStatuses.includes(response.status)) return response;
    if (response.status === 401 && authorised && this.account) this.token = undefined;
    let code: string | undefined;
    let message = `HTTP ${response.status}`;
    try {
      const error = ((await response.json()) as { error?: { code?: string; message?: string } })
        .error;
      code = error?.code;
      if (error?.message) message = `${message} ${error.code}: ${error.message}`;
    } catch {
      // not JSON
    }
    throw new CoordinatorError(`${method} ${path}: ${message}`, response.status, code);
  }
}
