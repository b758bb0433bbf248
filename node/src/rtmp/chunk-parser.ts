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
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface ChunkParserLimits {
  /**
   * Bytes held at once: unparsed input plus the partial messages of every chunk stream.
   * A message longer than this is refused as soon as its first chunk header arrives.
   * Default 32 MiB.
   */
  maxBufferedBytes?: number;
  /** Chunk streams with state at once. Default 32 (as nginx-rtmp's max_streams). */
  maxChunkStreams?: number;
}

export class ChunkParser {
  chunkSize = 128;
  /** Bytes held at once (unparsed input plus partial messages); see ChunkParserLimits. */
  maxBufferedBytes: number;
  readonly maxChunkStreams: number;
  /** Unparsed input, in arrival order; concatenated once there is enough for the next chunk. */
  private queue: Buffer[] = [];
  private queued = 0;
  /** Bytes of input needed before the next chunk can be parsed. */
  private need = 1;
  /** Bytes held in partial messages over all chunk streams. */
  private partial = 0;
  private readonly streams = new Map<number, ChunkStreamState>();

  constructor(limits: ChunkParserLimits = {}) {
    this.maxBufferedBytes = limits.maxBufferedBytes ?? 32 * 1024 * 1024;
    this.maxChunkStreams = limits.maxChunkStreams ?? 32;
  }

  /** Bytes held now: unparsed input plus partial messages. */
  get bufferedBytes(): number {
    return this.queued + this.partial;
  }

  /** Feeds bytes; returns the messages completed by them. Throws RtmpProtocolError on a bound. */
  push(data: Buffer): RtmpMessage[] {
    if (data.length > 0) {
      this.queue.push(data);
      this.queued += data.length;
    }
    const messages: RtmpMessage[] = [];
    if (this.queued < this.need) {
      this.checkBound();
      return messages;
    }
    // Each byte is copied a bounded number of times: the queue is joined only once it holds
    // the whole next chunk (or its header), never on every arrival.
    const b = this.queue.length === 1 ? this.queue[0]! : Buffer.concat(this.queue, this.queued);
    let offset = 0;
    for (;;) {
      const result = this.readChunk(b, offset, messages);
      if (result.consumed === 0) {
        this.need = result.need;
        break;
      }
      offset += result.consumed;
    }
    const rest = b.subarray(offset);
    // A small remainder is copied so it does not pin the whole input buffer.
    this.queue = rest.length === 0 ? [] : [rest.length * 2 < b.length ? Buffer.from(rest) : rest];
    this.queued = rest.length;
    this.checkBound();
    return messages;
  }

  private checkBound(): void {
    if (this.queued + this.partial > this.maxBufferedBytes)
      throw new RtmpProtocolError(
        `${this.queued + this.partial} bytes buffered, over the bound of ${this.maxBufferedBytes}`,
      );
  }

  /**
   * Parses one chunk at `start`; returns the bytes consumed, or 0 and the bytes (from `start`)
   * needed before it can be parsed.
   */
  private readChunk(
    b: Buffer,
    start: number,
    out: RtmpMessage[],
  ): { consumed: number; need: number } {
    const available = b.length - start;
    const more = (need: number) => ({ consumed: 0, need });
    if (available < 1) return more(1);
    const fmt = b[start]! >> 6;
    let csid = b[start]! & 0x3f;
    let offset = start + 1;
    if (csid === 0) {
      if (available < 2) return more(2);
      csid = 64 + b[start + 1]!;
      offset = start + 2;
    } else if (csid === 1) {
      if (available < 3) return more(3);
      csid = 64 + b[start + 1]! + b[start + 2]! * 256;
      offset = start + 3;
    }
    const headerSize = [11, 7, 3, 0][fmt]!;
    if (b.length < offset + headerSize) return more(offset - start + headerSize);
    const previous = this.streams.get(csid);
    if (fmt !== 0 && !previous)
      throw new RtmpProtocolError(`chunk stream ${csid} starts with format ${fmt}`);
    if (!previous && this.streams.size >= this.maxChunkStreams)
      throw new RtmpProtocolError(`more than ${this.maxChunkStreams} chunk streams`);
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
      if (b.length < offset + 4) return more(offset - start + 4);
      timeField = b.readUInt32BE(offset);
      offset += 4;
    }
    const starting = state.received === 0;
    if (starting && length > Math.min(MAX_MESSAGE_BYTES, this.maxBufferedBytes))
      throw new RtmpProtocolError(`message of ${length} bytes is too large`);
    const remaining = (starting ? length : state.length) - (starting ? 0 : state.received);
    const take = Math.min(remaining, this.chunkSize);
    if (b.length < offset + take) return more(offset - start + take);

    // The whole chunk is available: commit the header to the chunk stream's state.
    if (starting) {
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
    const body = b.subarray(offset, offset + take);
    offset += take;
    if (state.received + take === state.length) {
      const payload =
        state.parts.length === 0 ? Buffer.from(body) : Buffer.concat([...state.parts, body]);
      this.partial -= state.received;
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
    } else {
      // Copied: a partial message must not pin the (possibly much larger) input buffer.
      state.parts.push(Buffer.from(body));
      state.received += take;
      this.partial += take;
    }
    return { consumed: offset - start, need: 0 };
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
          this.partial -= stream.received;
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
