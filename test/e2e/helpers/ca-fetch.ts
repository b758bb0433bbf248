/**
 * A fetch that trusts one extra certificate authority (a test's self-signed certificate), for
 * HTTPS nodes: Node's global fetch trusts only its bundled roots.
 */
import { nodeFetch } from "./node-fetch.ts";

export const caFetch = (ca: string | Buffer): typeof fetch => nodeFetch({ ca });
