import type { Hex } from "viem";
import { DeliveryPanel } from "../components/DeliveryPanel.tsx";
import { Player } from "../components/Player.tsx";
import { QueryView } from "../components/QueryView.tsx";
import { RelaysTable } from "../components/RelaysTable.tsx";
import { SupportStream } from "../components/SupportStream.tsx";
import { useStream } from "../hooks/useStream.ts";
import { useWatch } from "../hooks/useWatch.ts";

const STREAM_ID = /^0x[0-9a-fA-F]{64}$/;

function Watching({ streamId }: { streamId: Hex }) {
  const stream = useStream(streamId);
  const watch = useWatch(streamId);
  return (
    <>
      <section className="card">
        <QueryView query={stream} what="the stream">
          {(s) => (
            <div className="row" style={{ justifyContent: "space-between" }}>
              <h1>{s.name}</h1>
              {s.live ? (
                <span className="pill live">LIVE</span>
              ) : (
                <span className="pill off">offline</span>
              )}
            </div>
          )}
        </QueryView>
        <Player source={watch.source} />
        {watch.error ? (
          <div className="state error" role="alert" data-testid="watch-error">
            {watch.error}
          </div>
        ) : null}
        {watch.session?.fallback ? (
          <p className="muted" data-testid="watch-fallback">
            No relay can take you right now: playing direct from origin (unpaid). Every segment is
            still checked against the streamer&apos;s signature before it plays.
          </p>
        ) : watch.session ? (
          <p className="muted">
            Session assigned {watch.session.relays.length} relay
            {watch.session.relays.length === 1 ? "" : "s"}; every segment is checked against the
            streamer&apos;s signature before it plays.
          </p>
        ) : null}
      </section>
      <section className="card" aria-labelledby="delivery">
        <h2 id="delivery">Who is relaying to you</h2>
        <DeliveryPanel stats={watch.stats} />
      </section>
      <section className="card" aria-labelledby="stream-relays">
        <h2 id="stream-relays">Relays carrying this stream</h2>
        <QueryView query={stream} what="the stream's relays">
          {(s) => (
            <>
              <p className="muted" data-testid="viewer-count">
                {s.viewers} viewer{s.viewers === 1 ? "" : "s"} watching now
              </p>
              <RelaysTable relays={s.relays} testId="stream-relays-table" />
            </>
          )}
        </QueryView>
      </section>
      <SupportStream streamId={streamId} />
    </>
  );
}

/** The watch page: the verified live player and who delivered it. No wallet needed. */
export function WatchPage({ streamId }: { streamId: string }) {
  if (!STREAM_ID.test(streamId)) {
    return (
      <section className="card">
        <h1>Unknown stream</h1>
        <p className="muted">
          <code>{streamId}</code> is not a stream id. <a href="#/">See what is live</a>.
        </p>
      </section>
    );
  }
  return <Watching streamId={streamId.toLowerCase() as Hex} />;
}
