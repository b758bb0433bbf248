/**
 * RTMP chunk stream parser: reassembles messages from chunks (formats 0-3, extended
 * timestamps, 1-3 byte chunk stream ids) and applies Set Chunk Size / Abort itself, so a chunk
 * size change takes effect for the very next chunk in the same buffer. Pure: bytes in, messages out.
 */

export interface RtmpMessage {
  chunkStreamId: number;
  typeId: number;
  messageStreamId: number;
  /** Absolute timestamp, ms (32-bit, wraps). */
  timestamp: number;
  payload: Buffer;
}

export const MessageType = {
  setChunkSize: 1,
  abort: 2,
  acknowledgement: 3,
  userControl: 4,
  windowAckSize: 5,
  setPeerBandwidth: 6,
  audio: 8,
  video: 9,
  dataAmf3: 15,
  commandAmf3: 17,
  dataAmf0: 18,
  commandAmf0: 20,
} as const;

export class RtmpProtocolError extends Error {
  override readonly name = "RtmpProtocolError";
}

interface ChunkStreamState {
  timestamp: number;
  delta: number;
  length: number;
  typeId: number;
  messageStreamId: number;
  extended: boolean;
  parts: Buffer[];
  received: number;
}

/** Largest message this parser accepts (a guard against memory exhaustion). */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export class ChunkParser {
  chunkSize = 128;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly streams = new Map<number, ChunkStreamState>();

  /** Feeds bytes; returns the messages completed by them. */
  push(data: Buffer): RtmpMessage[] {
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    const messages: RtmpMessage[] = [];
    for (;;) {
      const consumed = this.readChunk(messages);
      if (consumed === 0) break;
      this.buffer = this.buffer.subarray(consumed);
    }
    return messages;
  }

  /** Parses one chunk at the start of the buffer; returns bytes consumed (0: need more data). */
  private readChunk(out: RtmpMessage[]): number {
    const b = this.buffer;
    if (b.length < 1) return 0;
    const fmt = b[0]! >> 6;
    let csid = b[0]! & 0x3f;
    let offset = 1;
    if (csid === 0) {
      if (b.length < 2) return 0;
      csid = 64 + b[1]!;
      offset = 2;
    } else if (csid === 1) {
      if (b.length < 3) return 0;
      csid = 64 + b[1]! + b[2]! * 256;
      offset = 3;
    }
    const headerSize = [11, 7, 3, 0][fmt]!;
    if (b.length < offset + headerSize) return 0;
    const previous = this.streams.get(csid);
    if (fmt !== 0 && !previous)
      throw new RtmpProtocolError(`chunk stream ${csid} starts with format ${fmt}`);
    const state: ChunkStreamState = previous ?? {
      timestamp: 0,
      delta: 0,
      length: 0,
      typeId: 0,
      messageStreamId: 0,
      extended: false,
      parts: [],
      received: 0,
    };
    let timeField = 0;
    let length = state.length;
    let typeId = state.typeId;
    let messageStreamId = state.messageStreamId;
    if (fmt <= 2) timeField = b.readUIntBE(offset, 3);
    if (fmt <= 1) {
      length = b.readUIntBE(offset + 3, 3);
      typeId = b[offset + 6]!;
    }
    if (fmt === 0) messageStreamId = b.readUInt32LE(offset + 7);
    offset += headerSize;
    const extended = fmt <= 2 ? timeField === 0xffffff : state.extended;
    if (extended) {
      if (b.length < offset + 4) return 0;
      timeField = b.readUInt32BE(offset);
      offset += 4;
    }
    const starting = state.received === 0;
    const remaining = (starting ? length : state.length) - (starting ? 0 : state.received);
    const take = Math.min(remaining, this.chunkSize);
    if (b.length < offset + take) return 0;

    // The whole chunk is available: commit the header to the chunk stream's state.
    if (starting) {
      if (length > MAX_MESSAGE_BYTES)
        throw new RtmpProtocolError(`message of ${length} bytes is too large`);
      if (fmt === 0) {
        state.timestamp = timeField;
        state.delta = 0;
      } else if (fmt === 1 || fmt === 2) {
        state.delta = timeField;
        state.timestamp = (state.timestamp + timeField) >>> 0;
      } else {
        state.timestamp = (state.timestamp + state.delta) >>> 0;
      }
      state.length = length;
      state.typeId = typeId;
      state.messageStreamId = messageStreamId;
      state.extended = extended;
    }
    this.streams.set(csid, state);
    state.parts.push(b.subarray(offset, offset + take));
    state.received += take;
    offset += take;
    if (state.received === state.length) {
      const payload = Buffer.concat(state.parts);
      state.parts = [];
      state.received = 0;
      this.handle(
        {
          chunkStreamId: csid,
          typeId: state.typeId,
          messageStreamId: state.messageStreamId,
          timestamp: state.timestamp,
          payload,
        },
        out,
      );
    }
    return offset;
  }

  private handle(message: RtmpMessage, out: RtmpMessage[]): void {
    if (message.typeId === MessageType.setChunkSize) {
      if (message.payload.length < 4) throw new RtmpProtocolError("short Set Chunk Size");
      const size = message.payload.readUInt32BE(0) & 0x7fffffff;
      if (size < 1 || size > 0xffffff) throw new RtmpProtocolError(`bad chunk size ${size}`);
      this.chunkSize = size;
    } else if (message.typeId === MessageType.abort) {
      if (message.payload.length >= 4) {
        const stream = this.streams.get(message.payload.readUInt32BE(0));
        if (stream) {
          stream.parts = [];
          stream.received = 0;
        }
      }
    }
    out.push(message);
  }
}

/** Encodes one message as chunks (format 0 then format 3 continuations). */
export function encodeChunks(
  message: Omit<RtmpMessage, "chunkStreamId"> & { chunkStreamId: number },
  chunkSize: number,
): Buffer {
  const { chunkStreamId: csid, payload } = message;
  if (csid < 2 || csid > 63)
    throw new RtmpProtocolError(`chunk stream id ${csid} unsupported by the writer`);
  const extended = message.timestamp >= 0xffffff;
  const header = Buffer.alloc(12 + (extended ? 4 : 0));
  header[0] = csid;
  header.writeUIntBE(extended ? 0xffffff : message.timestamp, 1, 3);
  header.writeUIntBE(payload.length, 4, 3);
  header[7] = message.typeId;
  header.writeUInt32LE(message.messageStreamId, 8);
  if (extended) header.writeUInt32BE(message.timestamp, 12);
  const parts: Buffer[] = [header];
  for (let offset = 0; offset < payload.length || offset === 0; offset += chunkSize) {
    if (offset > 0) {
      parts.push(Buffer.from([0xc0 | csid]));
      if (extended) {
        const ts = Buffer.alloc(4);
        ts.writeUInt32BE(message.timestamp);
        parts.push(ts);
      }
    }
    parts.push(payload.subarray(offset, offset + chunkSize));
    if (payload.length === 0) break;
  }
  return Buffer.concat(parts);
}
