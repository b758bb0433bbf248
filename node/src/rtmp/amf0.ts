/** AMF0 codec: the value encoding of RTMP command and data messages. */

export type Amf0Value =
  number | boolean | string | null | undefined | Date | Amf0Value[] | { [key: string]: Amf0Value };

export class Amf0Error extends Error {
  override readonly name = "Amf0Error";
}

const NUMBER = 0x00;
const BOOLEAN = 0x01;
const STRING = 0x02;
const OBJECT = 0x03;
const NULL = 0x05;
const UNDEFINED = 0x06;
const ECMA_ARRAY = 0x08;
const OBJECT_END = 0x09;
const STRICT_ARRAY = 0x0a;
const DATE = 0x0b;
const LONG_STRING = 0x0c;

/** Decodes every value in `buffer`. */
export function decodeAmf0(buffer: Uint8Array): Amf0Value[] {
  const view = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const values: Amf0Value[] = [];
  let offset = 0;

  function need(n: number): void {
    if (offset + n > view.length) throw new Amf0Error(`truncated AMF0 at byte ${offset}`);
  }
  function readShortString(): string {
    need(2);
    const length = view.readUInt16BE(offset);
    need(2 + length);
    const s = view.toString("utf8", offset + 2, offset + 2 + length);
    offset += 2 + length;
    return s;
  }
  function readProperties(target: Record<string, Amf0Value>): void {
    for (;;) {
      const key = readShortString();
      need(1);
      if (key === "" && view[offset] === OBJECT_END) {
        offset++;
        return;
      }
      target[key] = readValue();
    }
  }
  function readValue(): Amf0Value {
    need(1);
    const marker = view[offset++];
    switch (marker) {
      case NUMBER: {
        need(8);
        const n = view.readDoubleBE(offset);
        offset += 8;
        return n;
      }
      case BOOLEAN:
        need(1);
        return view[offset++] !== 0;
      case STRING:
        return readShortString();
      case LONG_STRING: {
        need(4);
        const length = view.readUInt32BE(offset);
        need(4 + length);
        const s = view.toString("utf8", offset + 4, offset + 4 + length);
        offset += 4 + length;
        return s;
      }
      case OBJECT: {
        const object: Record<string, Amf0Value> = {};
        readProperties(object);
        return object;
      }
      case ECMA_ARRAY: {
        need(4);
        offset += 4; // approximate count; the end marker is authoritative
        const object: Record<string, Amf0Value> = {};
        readProperties(object);
        return object;
      }
      case STRICT_ARRAY: {
        need(4);
        const count = view.readUInt32BE(offset);
        offset += 4;
        const array: Amf0Value[] = [];
        for (let i = 0; i < count; i++) array.push(readValue());
        return array;
      }
      case DATE: {
        need(10);
        const ms = view.readDoubleBE(offset);
        offset += 10; // 8 bytes time + 2 bytes time zone (reserved)
        return new Date(ms);
      }
      case NULL:
        return null;
      case UNDEFINED:
        return undefined;
      default:
        throw new Amf0Error(
          `unsupported AMF0 marker 0x${(marker ?? 0).toString(16)} at byte ${offset - 1}`,
        );
    }
  }

  while (offset < view.length) values.push(readValue());
  return values;
}

/** Encodes values in order (objects as AMF0 objects, arrays as strict arrays). */
export function encodeAmf0(...values: Amf0Value[]): Buffer {
  const parts: Buffer[] = [];
  const shortString = (s: string): Buffer => {
    const bytes = Buffer.from(s, "utf8");
    const head = Buffer.alloc(2);
    head.writeUInt16BE(bytes.length);
    return Buffer.concat([head, bytes]);
  };
  const write = (value: Amf0Value): void => {
    if (value === null) parts.push(Buffer.from([NULL]));
    else if (value === undefined) parts.push(Buffer.from([UNDEFINED]));
    else if (typeof value === "number") {
      const b = Buffer.alloc(9);
      b[0] = NUMBER;
      b.writeDoubleBE(value, 1);
      parts.push(b);
    } else if (typeof value === "boolean") parts.push(Buffer.from([BOOLEAN, value ? 1 : 0]));
    else if (typeof value === "string") {
      const bytes = Buffer.from(value, "utf8");
      if (bytes.length > 0xffff) {
        const head = Buffer.alloc(5);
        head[0] = LONG_STRING;
        head.writeUInt32BE(bytes.length, 1);
        parts.push(head, bytes);
      } else parts.push(Buffer.from([STRING]), shortString(value));
    } else if (value instanceof Date) {
      const b = Buffer.alloc(11);
      b[0] = DATE;
      b.writeDoubleBE(value.getTime(), 1);
      parts.push(b);
    } else if (Array.isArray(value)) {
      const head = Buffer.alloc(5);
      head[0] = STRICT_ARRAY;
      head.writeUInt32BE(value.length, 1);
      parts.push(head);
      for (const item of value) write(item);
    } else {
      parts.push(Buffer.from([OBJECT]));
      for (const [key, item] of Object.entries(value)) {
        parts.push(shortString(key));
        write(item);
      }
      parts.push(Buffer.from([0, 0, OBJECT_END]));
    }
  };
  for (const value of values) write(value);
  return Buffer.concat(parts);
}
