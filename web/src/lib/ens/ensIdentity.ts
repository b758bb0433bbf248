/**
 * ENS and basename look-ups, imported only by useEnsIdentity when VITE_ENS_RPC_URL is set
 * (a chunk of its own: the build gives it its own viem copy, see vite.config.ts, so its
 * ccip/ENS code never weighs on a page's first load).
 */
import { createPublicClient, http, toCoinType, type Address, type PublicClient } from "viem";
import { getEnsAvatar, getEnsName } from "viem/actions";
import { base, mainnet } from "viem/chains";
import { normalize } from "viem/ens";

export interface EnsIdentity {
  /** The primary name (basename or ENS), normalized; null when none or not a valid name. */
  readonly name: string | null;
  /** An https: or data:image/ URL of the name's avatar; null when none or unusable. */
  readonly avatar: string | null;
}

export interface LookupOptions {
  /** Prefer the Base primary name (basename) to the Ethereum one: the app runs on Base. */
  readonly preferBase: boolean;
}

/** Names longer than this are not shown (a resolver can answer anything). */
const MAX_NAME_LENGTH = 100;
/** data: avatars larger than this are dropped. */
const MAX_AVATAR_LENGTH = 64 * 1024;

const clients = new Map<string, PublicClient>();

/** One mainnet client per RPC URL, for the Universal Resolver (ENS and, by ENSIP-19, Base). */
export function ensClient(rpcUrl: string, fetchFn: typeof globalThis.fetch): PublicClient {
  let client = clients.get(rpcUrl);
  if (!client) {
    client = createPublicClient({
      chain: mainnet,
      // a page of addresses (the leaderboard) goes out as a few JSON-RPC batches
      transport: http(rpcUrl, { fetchFn, retryCount: 1, batch: { batchSize: 30, wait: 20 } }),
    }) as PublicClient;
    clients.set(rpcUrl, client);
  }
  return client;
}

/** The name if it is a normalized ENS name of sane length, else null. */
export function validName(name: unknown): string | null {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME_LENGTH) return null;
  if (!name.includes(".")) return null;
  try {
    return normalize(name) === name ? name : null;
  } catch {
    return null;
  }
}

/** The avatar URL if the page can safely show it (https:, or a data: image of sane size). */
export function validAvatar(avatar: unknown): string | null {
  if (typeof avatar !== "string" || avatar.length > MAX_AVATAR_LENGTH) return null;
  if (/^data:image\/[a-z0-9.+-]+[;,]/i.test(avatar)) return avatar;
  try {
    return new URL(avatar).protocol === "https:" ? avatar : null;
  } catch {
    return null;
  }
}

type NameResult = { ok: true; name: string | null } | { ok: false; error: unknown };

async function primaryName(
  client: PublicClient,
  address: Address,
  coinType?: bigint,
): Promise<NameResult> {
  try {
    const name = await getEnsName(
      client,
      coinType === undefined ? { address } : { address, coinType },
    );
    return { ok: true, name: validName(name) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The address's primary name (its basename, i.e. its Base primary name by ENSIP-19, or its
 * Ethereum ENS name, in the preferred order) and that name's avatar. Garbage from a resolver
 * (an unnormalized or huge name, a javascript: avatar) counts as none; when both look-ups
 * fail it throws.
 */
export async function lookupEnsIdentity(
  client: PublicClient,
  address: Address,
  { preferBase }: LookupOptions,
): Promise<EnsIdentity> {
  const [onBase, onEthereum] = await Promise.all([
    primaryName(client, address, toCoinType(base.id)),
    primaryName(client, address),
  ]);
  // both failed (the RPC is down, or answers garbage): an error, so the query tries again later
  if (!onBase.ok && !onEthereum.ok) throw onEthereum.error;
  const baseName = onBase.ok ? onBase.name : null;
  const ethereumName = onEthereum.ok ? onEthereum.name : null;
  const name = preferBase ? (baseName ?? ethereumName) : (ethereumName ?? baseName);
  if (!name) return { name: null, avatar: null };
  let avatar: string | null = null;
  try {
    avatar = validAvatar(await getEnsAvatar(client, { name }));
  } catch {
    avatar = null;
  }
  return { name, avatar };
}
