/** Shutdown helper: waits for a promise, but never longer than a deadline. */

/** True when `promise` settled (either way) within `ms`; an absent promise has. */
export async function settlesWithin(
  promise: Promise<unknown> | undefined,
  ms: number,
): Promise<boolean> {
  if (!promise) return true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
