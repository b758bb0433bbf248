import assert from "node:assert/strict";
import { test } from "node:test";
import { Amf0Error, decodeAmf0, encodeAmf0 } from "../src/rtmp/amf0.ts";

test("AMF0 round-trips a connect command", () => {
  const values = [
    "connect",
    1,
    {
      app: "live",
      type: "nonprivate",
      flashVer: "FMLE/3.0",
      tcUrl: "rtmp://127.0.0.1/live",
      fpad: false,
      nested: { a: null },
    },
  ];
  assert.deepEqual(decodeAmf0(encodeAmf0(...values)), values);
});

test("AMF0 encodes numbers, booleans, null, undefined, arrays and dates", () => {
  const date = new Date(1_700_000_000_000);
  const values = [3.5, true, null, undefined, [1, "two"], date];
  assert.deepEqual(decodeAmf0(encodeAmf0(...values)), values);
});

test("AMF0 decodes an ECMA array (onMetaData) as an object", () => {
  // marker 0x08, count 1, "width": 320, end marker
  const bytes = Buffer.concat([
    Buffer.from([0x08, 0, 0, 0, 1]),
    Buffer.from([0, 5]),
    Buffer.from("width"),
    encodeAmf0(320),
    Buffer.from([0, 0, 0x09]),
  ]);
  assert.deepEqual(decodeAmf0(bytes), [{ width: 320 }]);
});

test("AMF0 encodes long strings with the long-string marker", () => {
  const long = "x".repeat(70_000);
  const bytes = encodeAmf0(long);
  assert.equal(bytes[0], 0x0c);
  assert.deepEqual(decodeAmf0(bytes), [long]);
});

test("AMF0 rejects truncated input and unknown markers", () => {
  assert.throws(() => decodeAmf0(encodeAmf0("publish").subarray(0, 4)), Amf0Error);
  assert.throws(() => decodeAmf0(Buffer.from([0x11])), Amf0Error);
});
