import type { FastifyRequest } from 'fastify';

export type Lang = 'id' | 'en';

/** The user's language: the account's choice, else the Accept-Language header, else Bahasa Indonesia. */
export function requestLanguage(request: FastifyRequest): Lang {
  if (request.user) return request.user.language;
  const header = request.headers['accept-language'];
  if (typeof header === 'string' && /^\s*en\b/i.test(header)) return 'en';
  return 'id';
}
