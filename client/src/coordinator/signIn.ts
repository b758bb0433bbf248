import type { LocalAccount } from "viem";
import { createSiweMessage } from "viem/siwe";
import { authLoginResponse, authNonceResponse } from "@streamrp2p/protocol/api";
import type { CoordinatorClient } from "./createCoordinatorClient.ts";
import { coordinatorRequest } from "./coordinatorRequest.ts";

export interface SignInResult {
  readonly token: string;
  readonly address: `0x${string}`;
  /** When the token expires, as the coordinator states it. */
  readonly expiresAt: number;
}

/**
 * Signs in with EIP-4361 (GET /v1/auth/nonce, then POST /v1/auth/login): the token relays
 * send on authorised routes.
 */
export async function signIn(
  client: CoordinatorClient,
  { account, chainId, issuedAt }: { account: LocalAccount; chainId: number; issuedAt: Date },
): Promise<SignInResult> {
  const { nonce } = await coordinatorRequest(client, {
    path: "/v1/auth/nonce",
    schema: authNonceResponse,
  });
  const message = createSiweMessage({
    address: account.address,
    chainId,
    domain: new URL(client.baseUrl).host,
    nonce,
    uri: client.baseUrl,
    version: "1",
    issuedAt,
    statement: "Sign in to the StreamrP2P coordinator as a relay operator.",
  });
  const signature = await account.signMessage({ message });
  return coordinatorRequest(client, {
    method: "POST",
    path: "/v1/auth/login",
    body: { message, signature },
    schema: authLoginResponse,
  });
}
