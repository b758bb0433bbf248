/**
 * A minimal parser for live HLS media playlists (what origins and relays serve), including the
 * LL-HLS tags of RFC 8216bis: EXT-X-PART, EXT-X-PART-INF, EXT-X-SERVER-CONTROL,
 * EXT-X-PRELOAD-HINT and EXT-X-SKIP (delta updates).
 */

export interface PlaylistSegment {
  sequence: number;
  uri: string;
  durationMs: number;
  discontinuity: boolean;
  programDateTime?: number;
}

/** An EXT-X-PART; `sequence` is the media sequence number of the segment it belongs to. */
export interface PlaylistPart {
  sequence: number;
  /** Index within its segment, from 0. */
  part: number;
  uri: string;
  durationMs: number;
  independent: boolean;
}

export interface ServerControl {
  canBlockReload: boolean;
  partHoldBackMs?: number;
  holdBackMs?: number;
  canSkipUntilMs?: number;
}

export interface MediaPlaylist {
  version?: number;
  targetDuration: number;
  mediaSequence: number;
  ended: boolean;
  segments: PlaylistSegment[];
  /** Every EXT-X-PART, in order; those after the last segment belong to the one in progress. */
  parts: PlaylistPart[];
  /** EXT-X-PART-INF PART-TARGET, ms. */
  partTargetMs?: number;
  serverControl?: ServerControl;
  /** EXT-X-PRELOAD-HINT TYPE=PART URI. */
  preloadHint?: string;
  /** EXT-X-SKIP SKIPPED-SEGMENTS of a delta update. */
  skippedSegments: number;
}

export class PlaylistParseError extends Error {
  override readonly name = "PlaylistParseError";
}

/** The attributes of a tag's attribute list (RFC 8216 section 4.2), quotes removed. */
export function parseAttributes(list: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of list.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) {
    const value = match[2]!;
    attributes.set(match[1]!, value.startsWith('"') ? value.slice(1, -1) : value);
  }
  return attributes;
}

const seconds = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : Math.round(parseFloat(value) * 1000);

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
    parts: [],
    skippedSegments: 0,
  };
  let next = 0;
  let nextPart = 0;
  let durationMs: number | undefined;
  let discontinuity = false;
  let programDateTime: number | undefined;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    const tag = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1);
    switch (tag) {
      case "#EXT-X-VERSION":
        playlist.version = Number(value);
        break;
      case "#EXT-X-TARGETDURATION":
        playlist.targetDuration = Number(value);
        break;
      case "#EXT-X-MEDIA-SEQUENCE":
        next = playlist.mediaSequence = Number(value);
        break;
      case "#EXTINF":
        durationMs = seconds(value);
        break;
      case "#EXT-X-DISCONTINUITY":
        discontinuity = true;
        break;
      case "#EXT-X-PROGRAM-DATE-TIME":
        programDateTime = Date.parse(value);
        break;
      case "#EXT-X-ENDLIST":
        playlist.ended = true;
        break;
      case "#EXT-X-PART-INF": {
        const target = seconds(parseAttributes(value).get("PART-TARGET"));
        if (target === undefined) throw new PlaylistParseError("EXT-X-PART-INF has no PART-TARGET");
        playlist.partTargetMs = target;
        break;
      }
      case "#EXT-X-SERVER-CONTROL": {
        const a = parseAttributes(value);
        const control: ServerControl = { canBlockReload: a.get("CAN-BLOCK-RELOAD") === "YES" };
        const partHoldBack = seconds(a.get("PART-HOLD-BACK"));
        if (partHoldBack !== undefined) control.partHoldBackMs = partHoldBack;
        const holdBack = seconds(a.get("HOLD-BACK"));
        if (holdBack !== undefined) control.holdBackMs = holdBack;
        const canSkipUntil = seconds(a.get("CAN-SKIP-UNTIL"));
        if (canSkipUntil !== undefined) control.canSkipUntilMs = canSkipUntil;
        playlist.serverControl = control;
        break;
      }
      case "#EXT-X-PART": {
        const a = parseAttributes(value);
        const uri = a.get("URI");
        const duration = seconds(a.get("DURATION"));
        if (uri === undefined || duration === undefined)
          throw new PlaylistParseError(`EXT-X-PART without URI or DURATION: ${line}`);
        playlist.parts.push({
          sequence: next,
          part: nextPart++,
          uri,
          durationMs: duration,
          independent: a.get("INDEPENDENT") === "YES",
        });
        break;
      }
      case "#EXT-X-PRELOAD-HINT": {
        const a = parseAttributes(value);
        if (a.get("TYPE") === "PART" && a.get("URI") !== undefined)
          playlist.preloadHint = a.get("URI")!;
        break;
      }
      case "#EXT-X-SKIP": {
        const skipped = Number(parseAttributes(value).get("SKIPPED-SEGMENTS"));
        if (!Number.isInteger(skipped) || skipped < 0)
          throw new PlaylistParseError(`bad EXT-X-SKIP: ${line}`);
        playlist.skippedSegments = skipped;
        next += skipped;
        break;
      }
      default:
        if (line.startsWith("#")) break;
        if (durationMs === undefined)
          throw new PlaylistParseError(`segment ${line} has no #EXTINF`);
        {
          const segment: PlaylistSegment = {
            sequence: next++,
            uri: line,
            durationMs,
            discontinuity,
          };
          if (programDateTime !== undefined) segment.programDateTime = programDateTime;
          playlist.segments.push(segment);
        }
        nextPart = 0;
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
