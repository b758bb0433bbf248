import type { Address } from "viem";
import type { StreamInfo } from "@streamrp2p/protocol/api";
import type { Deployment } from "../config/deployment.ts";
import { useRegisterStreamTx } from "../hooks/useRegisterStreamTx.ts";
import { useStreamRegistration } from "../hooks/useStreamRegistration.ts";
import { useStreamSalt } from "../hooks/useStreamSalt.ts";
import { routeHref } from "../lib/route.ts";
import { StreamPoolLink } from "./StreamPoolLink.tsx";
import { TxStatus } from "./TxStatus.tsx";

/**
 * One of the streamer's streams: live state, on-chain registration and the pool paying its
 * relays (with the controls to do both). Registering needs the salt the stream was created
 * with, which only the browser that created it keeps.
 */
export function StreamRow({
  stream,
  owner,
  deployment,
  linkedPoolId,
  ownedPoolIds,
}: {
  stream: StreamInfo;
  owner: Address;
  deployment: Deployment;
  linkedPoolId: bigint | undefined;
  ownedPoolIds: readonly bigint[];
}) {
  const registration = useStreamRegistration(stream.streamId);
  const register = useRegisterStreamTx();
  const salt = useStreamSalt({ owner, streamId: stream.streamId });
  return (
    <tr>
      <td>
        <a href={routeHref({ page: "watch", streamId: stream.streamId })}>{stream.name}</a>
      </td>
      <td>
        {stream.live ? (
          <span className="pill live">LIVE</span>
        ) : (
          <span className="pill off">offline</span>
        )}
      </td>
      <td>{stream.lastSequence === null ? "—" : `#${stream.lastSequence}`}</td>
      <td>
        {registration.data ? (
          <span className="pill on">registered</span>
        ) : registration.data === null && salt ? (
          <button
            type="button"
            className="button secondary"
            disabled={register.status === "pending"}
            onClick={() =>
              register.run({
                deployment,
                salt,
                originSigner: stream.originAddress,
              })
            }
            data-testid="register-stream-button"
          >
            Register on-chain
          </button>
        ) : registration.data === null ? (
          <span
            className="pill off"
            title="Created in another browser: register it from there (its salt is kept there)"
          >
            not registered
          </span>
        ) : (
          <span className="muted">…</span>
        )}
        <TxStatus
          status={register.status}
          progress={register.progress}
          error={register.error}
          successText="Registered: tampering by relays is now slashable"
        />
      </td>
      <td>
        <StreamPoolLink
          streamId={stream.streamId}
          linkedPoolId={linkedPoolId}
          ownedPoolIds={ownedPoolIds}
        />
      </td>
    </tr>
  );
}
