/**
 * Waits for `check` to hold over real I/O (a database answering in its own time), looking every 10 ms a
 * bounded number of times (30 s in all): only code that never gets there exhausts it, and the test then
 * fails saying what did not come. For waits on events the test cannot be told of; time itself moves by the
 * fake clock.
 */
export async function until<T>(what: string, check: () => T | Promise<T>): Promise<T> {
  for (let i = 0; i < 3000; i++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}
