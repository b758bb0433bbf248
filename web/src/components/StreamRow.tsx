import type { StreamInfo } from "@streamrp2p/protocol/api";
import type { Deployment } from "../config/deployment.ts";
import { useRegisterStreamTx } from "../hooks/useRegisterStreamTx.ts";
import { useStreamRegistration } from "../hooks/useStreamRegistration.ts";
import { routeHref } from "../lib/route.ts";
import { StreamPoolLink } from "./StreamPoolLink.tsx";
import { TxStatus } from "./TxStatus.tsx";

/**
 * One of the streamer's streams: live state, on-chain registration and the pool paying its
 * relays (with the controls to do both).
 */
export function StreamRow({
  stream,
  deployment,
  linkedPoolId,
  ownedPoolIds,
}: {
  stream: StreamInfo;
  deployment: Deployment;
  linkedPoolId: bigint | undefined;
  ownedPoolIds: readonly bigint[];
}) {
  const registration = useStreamRegistration(stream.streamId);
  const register = useRegisterStreamTx();
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
        ) : registration.data === null ? (
          <button
            type="button"
            className="button secondary"
            disabled={register.status === "pending"}
            onClick={() =>
              register.run({
                deployment,
                streamId: stream.streamId,
                originSigner: stream.originAddress,
              })
            }
            data-testid="register-stream-button"
          >
            Register on-chain
          </button>
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
