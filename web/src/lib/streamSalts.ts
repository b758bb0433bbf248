/**
 * The salt of each stream this browser created, kept until the stream is registered on-chain:
 * the stream id is streamIdOf(owner, salt), so a failed or interrupted registration can only be
 * retried with it. A salt is not secret (the registration transaction publishes it).
 */
import { isHex, size, type Address, type Hex } from "viem";
import { streamIdOf } from "@streamrp2p/protocol/stream-id";

export type SaltStorage = Pick<Storage, "getItem" | "setItem">;

const key = (chainId: number, streamId: string) =>
  `streamrp2p:stream-salt:${chainId}:${streamId.toLowerCase()}`;

export function saveStreamSalt(
  storage: SaltStorage | undefined,
  { chainId, streamId, salt }: { chainId: number; streamId: Hex; salt: Hex },
): void {
  try {
    storage?.setItem(key(chainId, streamId), salt);
  } catch {
    // storage full or disabled: the salt stays in the form's memory only
  }
}

/** The saved salt of `streamId`, if it is the one that makes `owner`'s stream id. */
export function loadStreamSalt(
  storage: SaltStorage | undefined,
  { chainId, owner, streamId }: { chainId: number; owner: Address; streamId: Hex },
): Hex | undefined {
  let salt: string | null | undefined;
  try {
    salt = storage?.getItem(key(chainId, streamId));
  } catch {
    return undefined;
  }
  if (!isHex(salt) || size(salt) !== 32) return undefined;
  return streamIdOf(owner, salt).toLowerCase() === streamId.toLowerCase() ? salt : undefined;
}

/** The browser's localStorage, or undefined where it is unavailable (private mode, tests in Node). */
export function browserStorage(): SaltStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
