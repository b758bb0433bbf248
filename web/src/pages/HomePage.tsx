import { QueryView } from "../components/QueryView.tsx";
import { AddressText } from "../components/AddressText.tsx";
import { routeHref } from "../lib/route.ts";
import { useStreams } from "../hooks/useStreams.ts";

/** What is on: the coordinator's streams, live first. No wallet needed. */
export function HomePage() {
  const streams = useStreams();
  return (
    <>
      <section className="card">
        <h1>Live streams, relayed by supporters</h1>
        <p className="muted">
          Every segment you watch comes from a supporter&apos;s relay and is checked against the
          streamer&apos;s signature before it plays. No wallet needed to watch.
        </p>
      </section>
      <section className="card" aria-labelledby="streams-heading">
        <h2 id="streams-heading">Streams</h2>
        <QueryView query={streams} what="streams">
          {(list) =>
            list.length === 0 ? (
              <div className="state">
                No streams yet. <a href="#/streamer">Start one</a>.
              </div>
            ) : (
              <table data-testid="streams-table">
                <thead>
                  <tr>
                    <th>Stream</th>
                    <th>Status</th>
                    <th>Origin</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {[...list]
                    .sort((a, b) => Number(b.live) - Number(a.live) || b.createdAt - a.createdAt)
                    .map((stream) => (
                      <tr key={stream.streamId}>
                        <td>{stream.name}</td>
                        <td>
                          {stream.live ? (
                            <span className="pill live">LIVE</span>
                          ) : (
                            <span className="pill off">offline</span>
                          )}
                        </td>
                        <td>
                          <AddressText address={stream.originAddress} />
                        </td>
                        <td className="num">
                          <a
                            className="button secondary"
                            href={routeHref({ page: "watch", streamId: stream.streamId })}
                            data-testid="watch-link"
                          >
                            Watch
                          </a>
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            )
          }
        </QueryView>
      </section>
    </>
  );
}
