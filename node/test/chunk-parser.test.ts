import assert from "node:assert/strict";
import { test } from "node:test";
import { encodeAmf0 } from "../src/rtmp/amf0.ts";
import {
  ChunkParser,
  MessageType,
  RtmpProtocolError,
  encodeChunks,
} from "../src/rtmp/chunk-parser.ts";

const message = (
  typeId: number,
  payload: Buffer,
  timestamp = 0,
  messageStreamId = 0,
  chunkStreamId = 3,
) => ({
  chunkStreamId,
  typeId,
  messageStreamId,
  timestamp,
  payload,
});

test("reassembles a message split over several 128-byte chunks", () => {
  const payload = Buffer.alloc(300, 7);
  const bytes = encodeChunks(message(MessageType.video, payload, 40, 1, 6), 128);
  const parser = new ChunkParser();
  const [out] = parser.push(bytes);
  assert.equal(out?.typeId, MessageType.video);
  assert.equal(out?.timestamp, 40);
  assert.equal(out?.messageStreamId, 1);
  assert.deepEqual(out?.payload, payload);
});

test("handles input cut at every byte boundary", () => {
  const payload = Buffer.from(encodeAmf0("publish", 5, null, "key", "live"));
  const bytes = Buffer.concat([
    encodeChunks(message(MessageType.commandAmf0, payload), 16),
    encodeChunks(message(MessageType.audio, Buffer.alloc(50, 1), 20, 1, 4), 16),
  ]);
  const parser = new ChunkParser();
  parser.chunkSize = 16;
  const messages = [];
  for (let i = 0; i < bytes.length; i++) messages.push(...parser.push(bytes.subarray(i, i + 1)));
  assert.equal(messages.length, 2);
  assert.deepEqual(messages[0]?.payload, payload);
  assert.equal(messages[1]?.typeId, MessageType.audio);
});

test("a Set Chunk Size takes effect for the next chunk in the same buffer", () => {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(4096);
  const big = Buffer.alloc(3000, 9);
  const bytes = Buffer.concat([
    encodeChunks(message(MessageType.setChunkSize, size, 0, 0, 2), 128),
    encodeChunks(message(MessageType.video, big, 0, 1, 6), 4096),
  ]);
  const parser = new ChunkParser();
  const out = parser.push(bytes);
  assert.equal(parser.chunkSize, 4096);
  assert.equal(out.length, 2);
  assert.deepEqual(out[1]?.payload, big);
});

test("format 1, 2 and 3 headers accumulate timestamp deltas", () => {
  const parser = new ChunkParser();
  // fmt 0: csid 4, ts 100, len 2, type 8, stream 1
  const fmt0 = Buffer.from([0x04, 0, 0, 100, 0, 0, 2, 8, 1, 0, 0, 0, 0xaa, 0xbb]);
  // fmt 1: delta 20, len 1, type 8
  const fmt1 = Buffer.from([0x44, 0, 0, 20, 0, 0, 1, 8, 0xcc]);
  // fmt 2: delta 30 (same length/type)
  const fmt2 = Buffer.from([0x84, 0, 0, 30, 0xdd]);
  // fmt 3: repeats delta 30
  const fmt3 = Buffer.from([0xc4, 0xee]);
  const out = parser.push(Buffer.concat([fmt0, fmt1, fmt2, fmt3]));
  assert.deepEqual(
    out.map((m) => m.timestamp),
    [100, 120, 150, 180],
  );
  assert.deepEqual(out[3]?.payload, Buffer.from([0xee]));
});

test("extended timestamps and two-byte chunk stream ids", () => {
  const parser = new ChunkParser();
  const ts = 0x01000000;
  const payload = Buffer.alloc(200, 3);
  const encoded = encodeChunks(message(MessageType.video, payload, ts, 1, 6), 128);
  assert.deepEqual(parser.push(encoded)[0]?.timestamp, ts);
  // csid 0 form: basic header byte 0x00 then csid-64
  const twoByte = Buffer.from([0x00, 10, 0, 0, 5, 0, 0, 1, 9, 1, 0, 0, 0, 0x42]);
  const [out] = parser.push(twoByte);
  assert.equal(out?.chunkStreamId, 74);
  assert.equal(out?.timestamp, 5);
});

test("a chunk stream that starts without a format 0 header is a protocol error", () => {
  assert.throws(() => new ChunkParser().push(Buffer.from([0xc5, 1])), RtmpProtocolError);
});
