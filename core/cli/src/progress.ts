import cliProgress from 'cli-progress';

export type Progress = {
  /** Moves the bar to `value` and shows `step` beside it. */
  update(value: number, step?: string): void;
  /** Changes the total (e.g. once a block range is known). */
  setTotal(total: number): void;
  stop(): void;
};

const silent: Progress = { update() {}, setTotal() {}, stop() {} };

/**
 * A progress bar on stderr, only when stderr is a terminal: piped output and scripts (and `--json` readers, who
 * read stdout) see nothing of it.
 */
export function createProgress(label: string, total: number): Progress {
  if (process.stderr.isTTY !== true) return silent;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {value}/{total} {step}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { step: '' });
  return {
    update: (value, step = '') => bar.update(value, { step }),
    setTotal: (value) => bar.setTotal(value),
    stop: () => bar.stop(),
  };
}
