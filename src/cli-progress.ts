/** What a long `check` tells the user while it runs (stderr only), and how it is told to stop. */
import type { Progress } from "./explore.ts";
import { memoryText } from "./memory.ts";

/** Set by SIGINT / SIGTERM: the run finishes with partial statistics. */
export interface Signal {
  aborted: boolean;
  /** The signal that interrupted the run. */
  by: string | null;
}

/**
 * Progress on stderr, after the first few seconds: in place on a terminal (every second), a
 * line every PROGRESS_EVERY seconds otherwise. stdout never sees it (--json stays pure).
 */
const PROGRESS_AFTER = 3;
const PROGRESS_EVERY = 10;
const n = (x: number): string => Math.round(x).toLocaleString("en-US");
const durationText = (s: number): string => (s < 90 ? `${Math.max(1, Math.round(s))} s` : `${Math.round(s / 60)} min`);

export class ProgressLine {
  private readonly tty = process.stderr.isTTY === true;
  private last = -Infinity;
  private shown = false;

  constructor(private readonly label: string) {}

  readonly update = (p: Progress): void => {
    this.show(
      p.seconds,
      `${this.label}: ${n(p.distinct)} distinct, ${n(p.generated)} generated, depth ${p.depth}, queue ${n(p.queued)}, ${n(p.distinct / Math.max(p.seconds, 1e-9))} states/s, ${memoryText()}`,
    );
  };

  /** `12 of 66 runs done, 40 s, about 3 min left` (the runs so far at their average pace; runs differ). */
  runs(done: number, total: number, seconds: number): void {
    const left = (seconds / done) * (total - done);
    this.show(seconds, `${done} of ${total} runs done, ${seconds.toFixed(0)} s, about ${durationText(left)} left`);
  }

  private show(seconds: number, text: string): void {
    if (seconds < PROGRESS_AFTER || seconds - this.last < (this.tty ? 1 : PROGRESS_EVERY)) return;
    this.last = seconds;
    this.shown = true;
    process.stderr.write(this.tty ? `\r\x1b[K${text}` : `auxcheck: ${text}\n`);
  }

  clear(): void {
    if (this.shown && this.tty) process.stderr.write("\r\x1b[K");
    this.shown = false;
  }
}
