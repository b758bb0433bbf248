/**
 * Draws the app's icons locally (nothing downloaded): public/icons/icon.svg and the PNGs the
 * web app manifest lists (192 and 512 px, maskable-safe: the mark stays inside the middle 80 %).
 * The PNGs are rasterized here with a 4x4 supersample and written with node:zlib.
 *
 *   node web/scripts/makeIcons.ts
 */
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const OUT = new URL("../public/icons/", import.meta.url);
const BG = [0x0f, 0x11, 0x15] as const;
const ACCENT = [0x6c, 0x8c, 0xff] as const;
const GREEN = [0x42, 0xd3, 0x92] as const;

/** The mark in a 0..1 square: a play triangle inside a ring, and three relay dots. */
function colourAt(x: number, y: number): readonly [number, number, number] {
  const dx = x - 0.5;
  const dy = y - 0.5;
  const r = Math.hypot(dx, dy);
  // play triangle, pointing right, centred
  const inTriangle = x > 0.42 && x < 0.64 && Math.abs(dy) < (0.64 - x) * 0.62;
  if (inTriangle) return ACCENT;
  if (r > 0.27 && r < 0.31) return ACCENT;
  for (const angle of [-Math.PI / 2, Math.PI / 6, (5 * Math.PI) / 6]) {
    const cx = 0.5 + 0.29 * Math.cos(angle);
    const cy = 0.5 + 0.29 * Math.sin(angle);
    if (Math.hypot(x - cx, y - cy) < 0.05) return GREEN;
  }
  return BG;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size: number): Buffer {
  const samples = 4;
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = colourAt(
            (px + (sx + 0.5) / samples) / size,
            (py + (sy + 0.5) / samples) / size,
          );
          for (let i = 0; i < 3; i++) sum[i]! += c[i]!;
        }
      }
      for (let i = 0; i < 3; i++) row[1 + px * 3 + i] = Math.round(sum[i]! / samples ** 2);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const hex = (c: readonly number[]) => `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
const dots = [-Math.PI / 2, Math.PI / 6, (5 * Math.PI) / 6]
  .map(
    (a) =>
      `<circle cx="${(50 + 29 * Math.cos(a)).toFixed(2)}" cy="${(50 + 29 * Math.sin(a)).toFixed(2)}" r="5" fill="${hex(GREEN)}"/>`,
  )
  .join("");
const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="${hex(BG)}"/><circle cx="50" cy="50" r="29" fill="none" stroke="${hex(ACCENT)}" stroke-width="4"/><path d="M42 36.4 L64 50 L42 63.6 Z" fill="${hex(ACCENT)}"/>${dots}</svg>
`;

writeFileSync(new URL("icon.svg", OUT), svg);
for (const size of [192, 512]) writeFileSync(new URL(`icon-${size}.png`, OUT), png(size));
