/**
 * In place of a black player on browsers without Media Source Extensions (iOS Safari before
 * 17.1 has neither MediaSource nor ManagedMediaSource): what is wrong and what to do.
 */
export function UnsupportedPlayer() {
  return (
    <div className="player" data-testid="player-unsupported" role="alert">
      <div className="unsupported">
        <div>
          <strong>This browser cannot play verified live streams.</strong>
          <p className="muted">
            Every segment is checked against the streamer&apos;s signature before it plays, which
            needs Media Source Extensions. On an iPhone or iPad, update to iOS 17.1 or later; or
            open this page in a current Chrome, Firefox, Edge or Safari on a computer or Android.
          </p>
        </div>
      </div>
    </div>
  );
}
