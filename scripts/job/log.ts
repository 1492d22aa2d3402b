// The job's one logger. Everything goes to stderr (stdout carries only the report): errors,
// warnings and a few info lines always, debug lines with --verbose, and a progress line when
// stderr is a terminal. Registered secrets are masked in every line.

import { format } from 'node:util';

export interface LogSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Logger {
  error(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  /** Shows `label done/total` on one rewritten line when the sink is a terminal. */
  progress(label: string, done: number, total: number): void;
  /** Masks `secret` in every later line. */
  addSecret(secret: string | undefined): void;
  readonly verbose: boolean;
}

export interface LoggerOptions {
  verbose?: boolean;
  sink?: LogSink;
}

const MASK = '[redacted]';

/** Secrets shorter than this are not masked: replacing a short common string would garble logs. */
const MIN_SECRET_LENGTH = 8;

export function createLogger(options: LoggerOptions = {}): Logger {
  const sink: LogSink = options.sink ?? process.stderr;
  const verbose = options.verbose === true;
  const secrets: string[] = [];
  let progressShown = false;

  const mask = (text: string): string => {
    let masked = text;
    for (const secret of secrets) {
      masked = masked.split(secret).join(MASK);
    }
    return masked;
  };

  const clearProgress = (): void => {
    if (progressShown) {
      sink.write('\r\x1b[K');
      progressShown = false;
    }
  };

  const emit = (prefix: string, message: string, args: unknown[]): void => {
    clearProgress();
    const text = format(message, ...args);
    const lines = mask(text)
      .split('\n')
      .map((line) => `${prefix}${line}`)
      .join('\n');
    sink.write(`${lines}\n`);
  };

  return {
    verbose,
    error: (message, ...args) => emit('error: ', message, args),
    warn: (message, ...args) => emit('warning: ', message, args),
    info: (message, ...args) => emit('', message, args),
    debug: (message, ...args) => {
      if (verbose) {
        emit('debug: ', message, args);
      }
    },
    progress: (label, done, total) => {
      if (sink.isTTY !== true) {
        return;
      }
      if (done >= total) {
        clearProgress();
        return;
      }
      sink.write(`\r\x1b[K${mask(label)} ${done}/${total}`);
      progressShown = true;
    },
    addSecret: (secret) => {
      if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH && !secrets.includes(secret)) {
        secrets.push(secret);
      }
    },
  };
}

/** Creates a logger that keeps its lines in memory, for tests and for in-process callers. */
export function createMemoryLogger(verbose = false): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({
    verbose,
    sink: {
      write: (text: string) => {
        lines.push(...text.split('\n').filter((line) => line.length > 0));
      },
    },
  });
  return Object.assign(logger, { lines });
}
