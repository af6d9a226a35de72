/**
 * Long loops give other users a turn now and then: the core, and the statements the Store builds, run on
 * the bot's one event loop, where 100,000 Anki reviews replayed in one go held every other command for
 * ~0.7 s (bench:anki). setImmediate where the runtime has it (Node); setTimeout adds a 1 ms floor.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
