import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web app once before the browser tests when the build is missing or older than its sources. */
export default function setup(): void {
  const index = path.join(root, 'dist', 'web', 'index.html');
  const sources = Math.max(
    newestMtime(path.join(root, 'src', 'web')),
    newestMtime(path.join(root, 'src', 'shared')),
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs > sources) return;
  // A broken web build must fail the browser tests, not every other test: report it and go on.
  try {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
      { cwd: root, stdio: 'inherit' },
    );
  } catch (error) {
    fs.rmSync(path.join(root, 'dist', 'web'), { recursive: true, force: true });
    console.error(
      'Web build failed; browser tests will fail:',
      error instanceof Error ? error.message : error,
    );
  }
}
