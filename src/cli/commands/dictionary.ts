import type { Command } from 'commander';
import { dictionaryMarkdown } from '../../shared/dictionary/dictionary-markdown.ts';
import { DICTIONARY_VERSION, HOUSEHOLD_VARIABLES, PERSON_CODES } from '../../shared/dictionary/dictionary.ts';

/** `tepat dictionary [--json]`: prints the data dictionary as Markdown or JSON. */
export function registerDictionaryCommand(program: Command): void {
  program
    .command('dictionary')
    .description('Cetak kamus data / print the data dictionary')
    .option('--json', 'JSON instead of Markdown')
    .action((o: { json?: boolean }) => {
      if (o.json)
        console.log(
          JSON.stringify(
            {
              version: DICTIONARY_VERSION,
              householdVariables: HOUSEHOLD_VARIABLES,
              personCodes: PERSON_CODES,
            },
            null,
            2,
          ),
        );
      else process.stdout.write(dictionaryMarkdown());
    });
}
