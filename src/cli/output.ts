import cliProgress from 'cli-progress';

export interface Progress {
  start(label: string, total: number): void;
  update(done: number): void;
  stop(): void;
}

/** A progress bar on a terminal, plain lines otherwise (CI logs, pipes). */
export function progressBar(): Progress {
  if (!process.stderr.isTTY) {
    let label = '';
    return {
      start: (l, total) => {
        label = l;
        process.stderr.write(`${l}: 0/${total}\n`);
      },
      update: () => undefined,
      stop: () => process.stderr.write(`${label}: selesai / done\n`),
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: '{label} [{bar}] {percentage}% | {value}/{total}', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (label, total) => bar.start(total, 0, { label }),
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}

/** Prints an error for a person at a terminal, in both languages when it is one of ours. */
export function printError(error: unknown): void {
  if (error && typeof error === 'object' && 'messages' in error) {
    const m = (error as { messages: { id: string; en: string } }).messages;
    console.error(`Galat: ${m.id}\nError: ${m.en}`);
  } else console.error(error instanceof Error ? error.message : String(error));
}
