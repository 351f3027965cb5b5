import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Launches headless Chromium from CHROMIUM_PATH, else /usr/bin/chromium, else the browser shipped inside
 * the @sparticuz/chromium dev dependency, so browser tests run on a machine with no system browser.
 */
export async function launchBrowser(): Promise<Browser> {
  const flags = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && fs.existsSync(fromEnv))
    return chromium.launch({ executablePath: fromEnv, args: flags, headless: true });
  if (fs.existsSync('/usr/bin/chromium'))
    return chromium.launch({ executablePath: '/usr/bin/chromium', args: flags, headless: true });
  const sparticuz = (await import('@sparticuz/chromium')).default;
  return chromium.launch({
    executablePath: await sparticuz.executablePath(),
    // --single-process suits Lambda but ends the whole browser when one page closes.
    args: [...sparticuz.args.filter((a) => a !== '--single-process'), ...flags],
    headless: true,
  });
}

/** Fails with a clear message when the web app was not built (test/global-setup.ts builds it). */
export function assertWebBuilt(): void {
  const index = new URL('../dist/web/index.html', import.meta.url);
  if (!fs.existsSync(index))
    throw new Error('dist/web/index.html is missing: the web build failed (see the test log).');
}
