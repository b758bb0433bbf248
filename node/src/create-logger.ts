/** The node's one pino logger: human-readable (pino-pretty) on a terminal, JSON lines otherwise. */
import { pino, type Logger, type LoggerOptions } from "pino";
import pretty from "pino-pretty";

export function createLogger(options: LoggerOptions, tty: boolean): Logger {
  if (!tty) return pino(options);
  // Synchronous, in this thread: lines are written before an exit or an auto-update re-exec.
  return pino(options, pretty({ colorize: true, sync: true, translateTime: "SYS:HH:MM:ss.l" }));
}
