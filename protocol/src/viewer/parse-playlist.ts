/** A minimal parser for live HLS media playlists (what origins and relays serve). */

export interface PlaylistSegment {
  sequence: number;
  uri: string;
  durationMs: number;
  discontinuity: boolean;
  programDateTime?: number;
}

export interface MediaPlaylist {
  targetDuration: number;
  mediaSequence: number;
  ended: boolean;
  segments: PlaylistSegment[];
}

export class PlaylistParseError extends Error {
  override readonly name = "PlaylistParseError";
}

export function parsePlaylist(text: string): MediaPlaylist {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines[0] !== "#EXTM3U") throw new PlaylistParseError("not an HLS playlist (no #EXTM3U)");
  const playlist: MediaPlaylist = {
    targetDuration: 0,
    mediaSequence: 0,
    ended: false,
    segments: [],
  };
  let next = 0;
  let durationMs: number | undefined;
  let discontinuity = false;
  let programDateTime: number | undefined;
  for (const line of lines.slice(1)) {
    if (line.startsWith("#EXT-X-TARGETDURATION:")) playlist.targetDuration = Number(line.slice(22));
    else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:"))
      next = playlist.mediaSequence = Number(line.slice(22));
    else if (line.startsWith("#EXTINF:")) durationMs = Math.round(parseFloat(line.slice(8)) * 1000);
    else if (line === "#EXT-X-DISCONTINUITY") discontinuity = true;
    else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:"))
      programDateTime = Date.parse(line.slice(25));
    else if (line === "#EXT-X-ENDLIST") playlist.ended = true;
    else if (!line.startsWith("#")) {
      if (durationMs === undefined) throw new PlaylistParseError(`segment ${line} has no #EXTINF`);
      const segment: PlaylistSegment = { sequence: next++, uri: line, durationMs, discontinuity };
      if (programDateTime !== undefined) segment.programDateTime = programDateTime;
      playlist.segments.push(segment);
      durationMs = undefined;
      discontinuity = false;
      programDateTime = undefined;
    }
  }
  if (!Number.isInteger(playlist.mediaSequence) || playlist.mediaSequence < 0) {
    throw new PlaylistParseError("bad #EXT-X-MEDIA-SEQUENCE");
  }
  return playlist;
}
