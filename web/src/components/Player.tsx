import Hls from "hls.js";
import { useEffect, useRef, useState } from "react";
import { createHlsLoaders, type HlsLoaderSource } from "../player/createHlsLoaders.ts";
import { UnsupportedPlayer } from "./UnsupportedPlayer.tsx";

/** The video element, fed by hls.js with segments the viewer client has verified. */
export function Player({ source }: { source: HlsLoaderSource | undefined }) {
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string>();
  const supported = Hls.isSupported();

  useEffect(() => {
    const element = video.current;
    const url = source?.playlistUrl();
    if (!element || !source || !url || !supported) return;
    const hls = new Hls({
      ...createHlsLoaders(source),
      liveSyncDurationCount: 3,
      enableWorker: true,
      backBufferLength: 30,
    });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
      else setProblem(`Playback stopped: ${data.details}`);
    });
    hls.on(Hls.Events.FRAG_BUFFERED, () => setProblem(undefined));
    hls.loadSource(url);
    hls.attachMedia(element);
    void element.play().catch(() => {
      // autoplay with sound was blocked: the controls let the viewer start it
    });
    return () => hls.destroy();
  }, [source, supported]);

  if (!supported) return <UnsupportedPlayer />;
  return (
    <div className="form">
      <div className="player">
        <video
          ref={video}
          controls
          muted
          playsInline
          data-testid="player-video"
          aria-label="Live stream"
        />
      </div>
      {problem ? (
        <div className="state error" role="alert">
          {problem}
        </div>
      ) : null}
    </div>
  );
}
