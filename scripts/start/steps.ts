// How `npm start` talks: each step says what it does, then what it did and how long it took; long loops show a
// progress bar on a terminal (a plain count line otherwise, so logs and tests stay readable).
import { SingleBar } from 'cli-progress';

export type StoryOutput = { write: (line: string) => void; tty: boolean };

export type Steps = {
  /** Starts a step: prints `[  t s] n. text`. */
  step: (text: string) => void;
  /** Ends the current step: prints the result and the step's duration. */
  done: (text: string) => void;
  /** An indented line inside a step (a table, a report). */
  line: (text?: string) => void;
  /** A progress callback for `total` items (a bar on a TTY); call `end` when finished. */
  progress: (label: string) => { update: (done: number, total: number) => void; end: () => void };
  /** Seconds since the story started. */
  elapsed: () => number;
};

export function createSteps(out: StoryOutput): Steps {
  const started = performance.now();
  let stepStarted = started;
  let count = 0;
  const seconds = (from: number): string => ((performance.now() - from) / 1000).toFixed(1);
  return {
    step: (text) => {
      stepStarted = performance.now();
      count += 1;
      out.write(`[${seconds(started).padStart(5)} s] ${count}. ${text}`);
    },
    done: (text) => out.write(`          ${text} (${seconds(stepStarted)} s)`),
    line: (text = '') => out.write(text === '' ? '' : `          ${text}`),
    progress: (label) => {
      if (out.tty) {
        const bar = new SingleBar({ format: `          ${label} [{bar}] {value}/{total}`, hideCursor: true, clearOnComplete: false });
        let begun = false;
        return {
          update: (done, total) => {
            if (!begun) {
              bar.start(total, 0);
              begun = true;
            }
            bar.update(done);
          },
          end: () => {
            if (begun) bar.stop();
          },
        };
      }
      // Not a terminal: a line per tenth, not per item.
      let lastTenth = -1;
      return {
        update: (done, total) => {
          const tenth = Math.floor((done * 10) / Math.max(total, 1));
          if (tenth !== lastTenth && (tenth % 5 === 0 || done === total)) out.write(`          ${label}: ${done}/${total}`);
          lastTenth = tenth;
        },
        end: () => {},
      };
    },
    elapsed: () => (performance.now() - started) / 1000,
  };
}
