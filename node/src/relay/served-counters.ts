/**
 * The HLS counters of a relay whose serve workers serve: one Float64Array in shared memory, a
 * slot of three per worker. Each worker writes only its own slot; the main thread sums them.
 */
import type { HlsCounters } from "../hls/hls-handler.ts";

const FIELDS = 3;

export function sharedCounters(workers: number): SharedArrayBuffer {
  return new SharedArrayBuffer(workers * FIELDS * Float64Array.BYTES_PER_ELEMENT);
}

/** Worker `index`'s slot, as the HLS handler's counters object. */
export function slotCounters(shared: SharedArrayBuffer, index: number): HlsCounters {
  const view = new Float64Array(shared);
  const base = index * FIELDS;
  return {
    get bytesServed() {
      return view[base]!;
    },
    set bytesServed(value) {
      view[base] = value;
    },
    get segmentsServed() {
      return view[base + 1]!;
    },
    set segmentsServed(value) {
      view[base + 1] = value;
    },
    get requests() {
      return view[base + 2]!;
    },
    set requests(value) {
      view[base + 2] = value;
    },
  };
}

/** Every worker's counters added up. */
export function totalCounters(shared: SharedArrayBuffer): HlsCounters {
  const view = new Float64Array(shared);
  const total: HlsCounters = { bytesServed: 0, segmentsServed: 0, requests: 0 };
  for (let base = 0; base < view.length; base += FIELDS) {
    total.bytesServed += view[base]!;
    total.segmentsServed += view[base + 1]!;
    total.requests += view[base + 2]!;
  }
  return total;
}

/** The requests each worker has answered, by worker index. */
export function requestsByWorker(shared: SharedArrayBuffer): number[] {
  const view = new Float64Array(shared);
  const requests: number[] = [];
  for (let base = 0; base < view.length; base += FIELDS) requests.push(view[base + 2]!);
  return requests;
}
