/** FLV container writer: what the origin feeds ffmpeg's stdin with RTMP media messages. */

export const FlvTagType = { audio: 8, video: 9, script: 18 } as const;

/** The FLV file header (audio + video) followed by PreviousTagSize0. */
export function flvHeader(): Buffer {
  return Buffer.from([
    0x46, 0x4c, 0x56, 0x01, 0x05, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00,
  ]);
}

/** One FLV tag plus its trailing PreviousTagSize. */
export function flvTag(type: number, timestamp: number, payload: Buffer): Buffer {
  const tag = Buffer.alloc(11 + payload.length + 4);
  tag[0] = type;
  tag.writeUIntBE(payload.length, 1, 3);
  tag.writeUIntBE(timestamp & 0xffffff, 4, 3);
  tag[7] = (timestamp >>> 24) & 0xff;
  tag.writeUIntBE(0, 8, 3);
  payload.copy(tag, 11);
  tag.writeUInt32BE(11 + payload.length, 11 + payload.length);
  return tag;
}
