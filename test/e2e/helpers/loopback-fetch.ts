/**
 * A fetch whose connections leave from a chosen loopback address (127.0.0.2, ...), so simulated
 * viewers on this machine are at another network address than the relays (the coordinator
 * refuses receipts from viewers at a relay's own address as self-dealing).
 */
import { nodeFetch } from "./node-fetch.ts";

export const loopbackFetch = (localAddress: string): typeof fetch => nodeFetch({ localAddress });
