import { PassThrough } from 'node:stream';

/**
 * Drives the terminal adapter line by line and returns what it printed for each line. The adapter
 * handles lines one at a time, so after each line the harness sends a marker command it does not know:
 * the marker's "Unknown command" reply means everything the line printed is out (no waiting on a timer).
 */
export function terminalHarness(start: (input: PassThrough, output: PassThrough) => Promise<{ closed: Promise<void> }>) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  let onOutput = () => {};
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
    onOutput();
  });
  const running = start(input, output);
  let marks = 0;
  return {
    async send(line: string): Promise<string> {
      await running;
      const before = printed.length;
      const marker = `/end-of-line-${++marks}`;
      const reply = `Unknown command ${marker}.`;
      input.write(`${line}\n${marker}\n`);
      await new Promise<void>((resolve) => {
        onOutput = () => printed.includes(reply, before) && resolve();
        onOutput();
      });
      return printed.slice(before, printed.indexOf(reply, before));
    },
    async end() {
      input.end();
      await (await running).closed;
    },
  };
}
