/**
 * The stored records the pure core reads. Plain JSON-able data: the shell keeps them in Redis
 * and passes them in; nothing here knows where they live.
 */

/** A viewer session as the coordinator created it. */
export interface SessionRecord {
  sessionId: string;
  streamId: `0x${string}`;
  /** The viewer's ephemeral ECDSA P-256 public key, SPKI DER as base64url. */
  publicKey: string;
  /** Coordinator clock (ms since the Unix epoch) when the session was created. */
  createdAt: number;
  /**
   * The oldest segment the session may count: the first sequence of the live window the
   * viewer could see when the session was created (the coordinator's view of the stream).
   */
  firstSequence: number;
  /** Relay addresses (lowercase) the session was assigned to. */
  relays: readonly string[];
  /** The viewer's network address (IP) as the coordinator saw it. */
  viewerIp: string;
  /** The viewer's wallet, if it gave one (lowercase). */
  viewerAddress?: string;
  /**
   * This session's rank (1-based) among the sessions created from the same viewer network
   * address in the coordinator's counting window; the shell assigns it at creation.
   */
  addressOrdinal: number;
}

/** What the receipt checks need to know about a relay: its standing (stake, jail) and where it was seen. */
export interface RelayStanding {
  /** Operator address (lowercase). */
  address: string;
  staked: boolean;
  jailed: boolean;
  /** Network addresses the relay was seen at (sign-in, heartbeats). */
  ips: readonly string[];
}

/**
 * The last receipt that moved a (session, relay) pair forward, credited or withheld: the
 * baseline the next receipt's increase is measured from.
 */
export interface SessionRelayState {
  bytes: number;
  segments: number;
  lastSequence: number;
  timestamp: number;
}
