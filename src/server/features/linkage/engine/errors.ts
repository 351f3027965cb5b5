/**
 * The error the linkage engine throws for bad settings or input: a message in Bahasa Indonesia and
 * in English, shaped like the application's errors so the CLI and the web show both.
 */
export class LinkageError extends Error {
  readonly code = 'linkage_invalid';
  readonly messages: { id: string; en: string };

  constructor(id: string, en: string) {
    super(en);
    this.name = 'LinkageError';
    this.messages = { id, en };
  }
}
