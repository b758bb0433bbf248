/**
 * Whether an MPEG-TS chunk starts with a keyframe (pure): the first video PES in it begins in
 * a packet whose adaptation field sets random_access_indicator, which ffmpeg's mpegts muxer
 * does for every video keyframe (ISO/IEC 13818-1 section 2.4.3.5). A chunk with no video PES
 * (audio only) is independent too: every AAC frame decodes on its own.
 */
const PACKET = 188;

export function tsStartsWithKeyframe(bytes: Uint8Array): boolean {
  for (let at = 0; at + PACKET <= bytes.length; at += PACKET) {
    if (bytes[at] !== 0x47) return false;
    const payloadStart = (bytes[at + 1]! & 0x40) !== 0;
    const adaptation = (bytes[at + 3]! >> 4) & 0x3;
    if (!payloadStart || (adaptation & 0x1) === 0) continue;
    const adaptationLength = adaptation & 0x2 ? bytes[at + 4]! + 1 : 0;
    const pes = at + 4 + adaptationLength;
    if (pes + 4 > at + PACKET) continue;
    const isPes = bytes[pes] === 0 && bytes[pes + 1] === 0 && bytes[pes + 2] === 1;
    const streamId = bytes[pes + 3]!;
    if (!isPes || streamId < 0xe0 || streamId > 0xef) continue;
    return adaptationLength > 1 && (bytes[at + 5]! & 0x40) !== 0;
  }
  return true;
}
