/**
 * Questions on the terminal (stderr, so stdout stays machine-readable): a hidden answer for
 * passwords (raw mode, nothing echoed) and a plain one for confirmations. Undefined when stdin
 * is not a TTY: callers then need the answer from a flag or the environment.
 */
export interface Terminal {
  /** Asks `question`; the answer is not echoed. Ctrl-C rejects. */
  askHidden(question: string): Promise<string>;
  ask(question: string): Promise<string>;
}

export class PromptCancelledError extends Error {
  override readonly name = "PromptCancelledError";
}

export function processTerminal(): Terminal | undefined {
  const { stdin, stderr } = process;
  if (!stdin.isTTY) return undefined;
  const read = (question: string, hidden: boolean) =>
    new Promise<string>((resolve, reject) => {
      stderr.write(question);
      stdin.setRawMode(true);
      stdin.resume();
      stdin.setEncoding("utf8");
      let answer = "";
      const done = (error?: Error) => {
        stdin.off("data", onData);
        stdin.setRawMode(false);
        stdin.pause();
        stderr.write("\n");
        if (error) reject(error);
        else resolve(answer);
      };
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === "\r" || char === "\n") return done();
          if (char === "\u0003" || char === "\u0004")
            return done(new PromptCancelledError("cancelled"));
          if (char === "\u007f" || char === "\b") {
            if (answer.length > 0) {
              answer = answer.slice(0, -1);
              if (!hidden) stderr.write("\b \b");
            }
            continue;
          }
          answer += char;
          if (!hidden) stderr.write(char);
        }
      };
      stdin.on("data", onData);
    });
  return {
    askHidden: (question) => read(question, true),
    ask: (question) => read(question, false),
  };
}
