/** Epochs of configurable length, counted from a genesis time. */

export interface EpochSchedule {
  /** ms since the Unix epoch when epoch 0 starts. */
  genesisMs: number;
  /** Epoch length in ms (seconds in the demo, an hour in production). */
  lengthMs: number;
}

export interface EpochWindow {
  epoch: number;
  startsAt: number;
  /** Exclusive. */
  endsAt: number;
}

export class EpochScheduleError extends Error {
  override readonly name = "EpochScheduleError";
}

/** The epoch containing `now` (epoch 0 for any time before genesis). */
export function epochAt(now: number, schedule: EpochSchedule): EpochWindow {
  const { genesisMs, lengthMs } = schedule;
  if (!Number.isSafeInteger(lengthMs) || lengthMs <= 0)
    throw new EpochScheduleError(`invalid epoch length ${lengthMs}`);
  const epoch = Math.max(0, Math.floor((now - genesisMs) / lengthMs));
  const startsAt = genesisMs + epoch * lengthMs;
  return { epoch, startsAt, endsAt: startsAt + lengthMs };
}
