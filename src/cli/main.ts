import { Command } from 'commander';
import { registerServeCommand } from './commands/serve.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerUsersCommand } from './commands/users.ts';
import { registerDbCommand } from './commands/db.ts';
import { registerDictionaryCommand } from './commands/dictionary.ts';
import { registerDedupeCommand } from './commands/dedupe.ts';
import { registerLinkCommand } from './commands/link.ts';
import { registerPmtCommand } from './commands/pmt.ts';
import { registerImportCommand } from './commands/import.ts';
import { printError } from './output.ts';

const program = new Command()
  .name('tepat')
  .description('Tepat — satu data kemiskinan / one list of poor and vulnerable households')
  .showHelpAfterError();

registerServeCommand(program);
registerDemoCommand(program);
registerUsersCommand(program);
registerDbCommand(program);
registerDictionaryCommand(program);
registerImportCommand(program);
registerDedupeCommand(program);
registerLinkCommand(program);
registerPmtCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  printError(error);
  process.exitCode = 1;
}
