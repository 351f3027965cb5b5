/**
 * Where uploaded import files live until their batch is discarded, and how they get there: the
 * upload is streamed to disk while its SHA-256 is computed, so a 200 MB file never sits in memory.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertFileSize } from './parse/index.ts';

/** The folder of uploaded files: `<data>/imports`, or a temporary folder for an in-memory database. */
export function importsDir(dataDir: string): string {
  const dir = dataDir.startsWith('memory://')
    ? path.join(os.tmpdir(), 'tepat-imports')
    : path.join(dataDir, 'imports');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A safe extension for a stored upload (the reader uses it to tell a fake .xlsx from a CSV). */
export function uploadExtension(fileName: string): string {
  const ext = path.extname(fileName).toLowerCase();
  return /^\.[a-z0-9]{1,5}$/.test(ext) ? ext : '';
}

/**
 * Streams an upload into `dir`, hashing it on the way. `truncated` tells whether the multipart
 * reader cut the file at the size limit; then the file is removed and `file_too_large` thrown.
 */
export async function storeUpload(
  input: Readable,
  dir: string,
  fileName: string,
  maxBytes: number,
  truncated: () => boolean,
): Promise<{ path: string; size: number; sha256: string }> {
  const target = path.join(
    dir,
    `${Date.now()}-${crypto.randomBytes(6).toString('hex')}${uploadExtension(fileName)}`,
  );
  const hash = crypto.createHash('sha256');
  let size = 0;
  input.on('data', (chunk: Buffer) => {
    size += chunk.length;
    hash.update(chunk);
  });
  try {
    await pipeline(input, fs.createWriteStream(target));
    if (truncated()) assertFileSize(maxBytes + 1, maxBytes);
    assertFileSize(size, maxBytes);
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  }
  return { path: target, size, sha256: hash.digest('hex') };
}

/** SHA-256 and size of a file on disk (the command line imports files in place). */
export async function hashFile(filePath: string): Promise<{ size: number; sha256: string }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1 << 20 })) {
    size += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { size, sha256: hash.digest('hex') };
}

/** Removes a stored upload; files outside the imports folder (command-line imports) are left alone. */
export function removeStoredFile(filePath: string | null, dataDir: string): void {
  if (!filePath) return;
  const dir = importsDir(dataDir);
  if (path.resolve(filePath).startsWith(`${path.resolve(dir)}${path.sep}`))
    fs.rmSync(filePath, { force: true });
}
