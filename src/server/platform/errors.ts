/** The one application error type: a stable code, an HTTP status and a message in both languages. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly messages: { id: string; en: string },
    readonly details?: unknown,
  ) {
    super(messages.en);
    this.name = 'AppError';
  }
}

/** Shorthands for the common cases. */
export const errors = {
  notFound: () => new AppError('not_found', 404, { id: 'Data tidak ditemukan.', en: 'Not found.' }),
  unauthenticated: () =>
    new AppError('unauthenticated', 401, {
      id: 'Silakan masuk terlebih dahulu.',
      en: 'Please log in first.',
    }),
  forbidden: () =>
    new AppError('forbidden', 403, {
      id: 'Anda tidak berwenang melakukan ini.',
      en: 'You are not allowed to do this.',
    }),
  invalid: (id: string, en: string, details?: unknown) =>
    new AppError('invalid_input', 400, { id, en }, details),
  conflict: (code: string, id: string, en: string) => new AppError(code, 409, { id, en }),
};
