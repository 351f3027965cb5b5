import argon2 from 'argon2';

/** argon2id with the library's defaults (64 MiB, 3 passes): OWASP's recommended family. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** Whether a password matches a stored hash; false for a malformed hash. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Minimum password rule; returns a problem message or null. */
export function passwordProblem(password: string): { id: string; en: string } | null {
  if (password.length < 8)
    return { id: 'Kata sandi minimal 8 karakter.', en: 'The password needs at least 8 characters.' };
  return null;
}
