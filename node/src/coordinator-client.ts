/**
 * The coordinator as the relay and the origin use it: `@streamrp2p/client`'s coordinator
 * actions bound to one client (the way viem decorates a client with its actions), plus the
 * relay's EIP-4361 sign-in, renewed a minute before the token expires and after a 401.
 */
import type { LocalAccount } from "viem";
import { authorizeIngest, type IngestGrant } from "@streamrp2p/client/coordinator/authorizeIngest";
import {
  createCoordinatorClient,
  type CoordinatorClient as CoordinatorConnection,
} from "@streamrp2p/client/coordinator/createCoordinatorClient";
import { getManifest, type StoredManifestEntry } from "@streamrp2p/client/coordinator/getManifest";
import { getSession } from "@streamrp2p/client/coordinator/getSession";
import { getStream } from "@streamrp2p/client/coordinator/getStream";
import { postFetchLog, type FetchLog } from "@streamrp2p/client/coordinator/postFetchLog";
import { postHeartbeat, type Heartbeat } from "@streamrp2p/client/coordinator/postHeartbeat";
import type { RelayReachability } from "@streamrp2p/protocol/api";
import { postReceipts } from "@streamrp2p/client/coordinator/postReceipts";
import { publishManifest } from "@streamrp2p/client/coordinator/publishManifest";
import { signIn } from "@streamrp2p/client/coordinator/signIn";
import { CoordinatorError } from "@streamrp2p/client/errors/CoordinatorError";
import type { SessionInfo, SignedManifestEntry, StreamDetail } from "@streamrp2p/protocol/api";
import type { SignedReceipt } from "@streamrp2p/protocol/receipt";

export interface CoordinatorClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Wall clock, ms (token renewal); default Date.now. */
  now?: () => number;
}

export class CoordinatorClient {
  readonly baseUrl: string;
  /** The plain client the actions take (authorised routes get this relay's token). */
  readonly client: CoordinatorConnection;
  private readonly now: () => number;
  private token: { value: string; expiresAt: number } | undefined;
  private signer: { account: LocalAccount; chainId: number } | undefined;

  constructor(options: CoordinatorClientOptions) {
    this.now = options.now ?? Date.now;
    this.client = createCoordinatorClient({
      baseUrl: options.baseUrl,
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? 5000,
      token: () => this.bearer(),
    });
    this.baseUrl = this.client.baseUrl;
  }

  /** The stream a publisher's key publishes to, or undefined when refused. */
  authorizeIngest(streamKey: string): Promise<IngestGrant | undefined> {
    return authorizeIngest(this.client, { streamKey });
  }

  streamInfo(streamId: string): Promise<StreamDetail> {
    return getStream(this.client, { streamId });
  }

  /** The coordinator's entry for `sequence` of `streamId`, or undefined when it has none. */
  async manifestEntry(
    streamId: string,
    sequence: number,
  ): Promise<StoredManifestEntry | undefined> {
    const [entry] = await getManifest(this.client, { streamId, from: sequence, limit: 1 });
    return entry?.sequence === sequence ? entry : undefined;
  }

  /** The open session, or undefined when the coordinator has none. */
  session(sessionId: string): Promise<SessionInfo | undefined> {
    return getSession(this.client, { sessionId });
  }

  postReceipts(receipts: SignedReceipt[]): Promise<number> {
    return this.authorised(() => postReceipts(this.client, { receipts }));
  }

  publishManifest(streamId: string, entries: SignedManifestEntry[]): Promise<void> {
    return publishManifest(this.client, { streamId, entries });
  }

  /** Signs in with EIP-4361 as `account`; later authorised calls reuse and renew the token. */
  async login(account: LocalAccount, chainId: number): Promise<void> {
    this.signer = { account, chainId };
    const login = await signIn(this.client, { account, chainId, issuedAt: new Date(this.now()) });
    this.token = { value: login.token, expiresAt: login.expiresAt };
  }

  /** Whether the coordinator gives this relay to viewers (its probe of the URL), and why not. */
  heartbeat(body: Heartbeat): Promise<RelayReachability> {
    return this.authorised(() => postHeartbeat(this.client, body));
  }

  fetchLog(body: FetchLog): Promise<void> {
    return this.authorised(() => postFetchLog(this.client, body));
  }

  /** Runs an authorised call; a 401 drops the token so the next call signs in again. */
  private async authorised<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof CoordinatorError && error.status === 401) this.token = undefined;
      throw error;
    }
  }

  private async bearer(): Promise<string> {
    // expiresAt may be seconds or milliseconds; renew a minute early either way.
    const expiresMs =
      this.token && this.token.expiresAt < 1e12
        ? this.token.expiresAt * 1000
        : this.token?.expiresAt;
    if (!this.token || (expiresMs !== undefined && expiresMs - this.now() < 60_000)) {
      if (!this.signer) {
        throw new CoordinatorError("not signed in", { code: "NOT_SIGNED_IN", status: 0 });
      }
      await this.login(this.signer.account, this.signer.chainId);
    }
    return this.token!.value;
  }
}
