/** Sign-in nonces (single use) and bearer tokens (stored by hash), in Redis. */
import { createHash, randomBytes } from "node:crypto";
import type { RedisClient } from "./redis-client.ts";
import type { Keys } from "./keys.ts";

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export class AuthStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  /** A fresh EIP-4361 nonce (alphanumeric, 32 characters), valid for `ttlSeconds`. */
  async issueNonce(ttlSeconds: number): Promise<string> {
    const nonce = randomBytes(16).toString("hex");
    await this.#redis.set(this.#keys.nonce(nonce), "1", "EX", ttlSeconds);
    return nonce;
  }

  /** True once per issued, unexpired nonce. */
  async consumeNonce(nonce: string): Promise<boolean> {
    return (await this.#redis.getdel(this.#keys.nonce(nonce))) !== null;
  }

  async nonceExists(nonce: string): Promise<boolean> {
    return (await this.#redis.exists(this.#keys.nonce(nonce))) === 1;
  }

  async issueToken(address: string, expiresAt: number): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await this.#redis.set(this.#keys.token(sha256(token)), address, "PXAT", expiresAt);
    return token;
  }

  /** The relay address a bearer token was issued to, if it is known and unexpired. */
  async resolveToken(token: string): Promise<`0x${string}` | undefined> {
    const address = await this.#redis.get(this.#keys.token(sha256(token)));
    return (address ?? undefined) as `0x${string}` | undefined;
  }
}
