/** Relay sign-in with EIP-4361 (Sign-In with Ethereum): a single-use nonce, then a bearer token. */
import { verifyMessage } from "viem";
import { parseSiweMessage } from "viem/siwe";
import { authLoginRequest, authLoginResponse, authNonceResponse } from "@streamrp2p/protocol";
import { ApiError } from "../errors.ts";
import { BODY_ERRORS, defineRoute, type Route } from "../http/route.ts";
import type { Services } from "../services.ts";

type LoginFailure = "message" | "domain" | "chain" | "nonce" | "expired" | "signature";

export function authRoutes(services: Services): Route[] {
  const { config } = services;
  const refuse = (reason: LoginFailure, message: string): never => {
    services.metrics.logins.inc({ outcome: reason });
    throw new ApiError("LOGIN_FAILED", message, { details: { reason } });
  };
  return [
    defineRoute({
      method: "get",
      path: "/v1/auth/nonce",
      operationId: "getNonce",
      summary: "A fresh single-use nonce for an EIP-4361 sign-in message.",
      tag: "auth",
      response: { status: 200, description: "The nonce.", schema: authNonceResponse },
      errors: [],
      async handler() {
        return {
          status: 200,
          body: { nonce: await services.auth.issueNonce(config.authNonceTtlSeconds) },
        };
      },
    }),
    defineRoute({
      method: "post",
      path: "/v1/auth/login",
      operationId: "login",
      summary:
        "Sign in as a relay operator with an EIP-4361 message (domain = this coordinator's host or AUTH_DOMAIN, chain id = CHAIN_ID, a nonce from GET /v1/auth/nonce) and its personal_sign signature.",
      tag: "auth",
      body: authLoginRequest,
      response: {
        status: 200,
        description: "A bearer token for the relay routes.",
        schema: authLoginResponse,
      },
      errors: [...BODY_ERRORS, "LOGIN_FAILED"],
      async handler({ body, host, log }) {
        const now = services.clock();
        const siwe = parseSiweMessage(body.message);
        if (
          !siwe.address ||
          !siwe.domain ||
          !siwe.nonce ||
          !siwe.chainId ||
          !siwe.uri ||
          siwe.version !== "1"
        ) {
          return refuse(
            "message",
            "not an EIP-4361 message with address, domain, uri, version 1, chain id and nonce",
          );
        }
        const domain = config.authDomain ?? host;
        if (siwe.domain !== domain)
          return refuse(
            "domain",
            `the message is for ${siwe.domain}, this coordinator is ${domain}`,
          );
        if (siwe.chainId !== config.chainId)
          return refuse(
            "chain",
            `the message is for chain ${siwe.chainId}, expected ${config.chainId}`,
          );
        if (siwe.expirationTime && siwe.expirationTime.getTime() <= now)
          return refuse("expired", "the message has expired");
        if (siwe.notBefore && siwe.notBefore.getTime() > now)
          return refuse("expired", "the message is not valid yet");
        if (siwe.issuedAt && now - siwe.issuedAt.getTime() > config.authNonceTtlSeconds * 1000) {
          return refuse("expired", "the message was issued too long ago");
        }
        const valid = await verifyMessage({
          address: siwe.address,
          message: body.message,
          signature: body.signature,
        }).catch(() => false);
        if (!valid) return refuse("signature", "the signature is not the message's address's");
        if (!(await services.auth.consumeNonce(siwe.nonce)))
          return refuse("nonce", "the nonce is unknown, expired or already used");
        const address = siwe.address.toLowerCase() as `0x${string}`;
        const ttlMs = config.authTokenTtlSeconds * 1000;
        const expiresAt = siwe.expirationTime
          ? Math.min(now + ttlMs, siwe.expirationTime.getTime())
          : now + ttlMs;
        const token = await services.auth.issueToken(address, expiresAt);
        services.metrics.logins.inc({ outcome: "ok" });
        log.info({ address }, "relay signed in");
        return { status: 200, body: { token, address, expiresAt } };
      },
    }),
  ];
}
