import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePlaylist } from "@streamrp2p/protocol/viewer/parse-playlist";
import { renderPlaylist } from "../src/hls/render-playlist.ts";

const t0 = Date.UTC(2026, 0, 1);

test("renders a live playlist with program date times", () => {
  const text = renderPlaylist([
    { sequence: 7, durationMs: 1000, startedAt: t0, discontinuity: false },
    { sequence: 8, durationMs: 1001, startedAt: t0 + 1000, discontinuity: false },
  ]);
  assert.match(text, /#EXT-X-MEDIA-SEQUENCE:7\n/);
  assert.match(text, /#EXT-X-TARGETDURATION:2\n/);
  assert.match(text, /#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z\n#EXTINF:1.000,\n7.ts\n/);
  assert.doesNotMatch(text, /ENDLIST|DISCONTINUITY\n/);
  const parsed = parsePlaylist(text);
  assert.deepEqual(
    parsed.segments.map((s) => [s.sequence, s.uri, s.durationMs, s.programDateTime]),
    [
      [7, "7.ts", 1000, t0],
      [8, "8.ts", 1001, t0 + 1000],
    ],
  );
});

test("marks a resumed stream and a gap with EXT-X-DISCONTINUITY", () => {
  const text = renderPlaylist(
    [
      { sequence: 1, durationMs: 1000, startedAt: t0, discontinuity: false },
      { sequence: 2, durationMs: 1000, startedAt: t0 + 9000, discontinuity: true },
      { sequence: 4, durationMs: 1000, startedAt: t0 + 11000, discontinuity: false },
    ],
    { discontinuitiesBefore: 3 },
  );
  assert.match(text, /#EXT-X-DISCONTINUITY-SEQUENCE:3\n/);
  assert.equal(text.match(/#EXT-X-DISCONTINUITY\n/g)?.length, 2);
  const parsed = parsePlaylist(text);
  assert.deepEqual(
    parsed.segments.map((s) => [s.sequence, s.discontinuity]),
    [
      [1, false],
      [2, true],
      [3, true],
    ],
  );
});

test("an empty window is still a valid playlist", () => {
  const parsed = parsePlaylist(renderPlaylist([]));
  assert.equal(parsed.segments.length, 0);
});
