#!/usr/bin/env node
import module from 'node:module';
import { parseArgs } from 'node:util';
import { ServiceError } from '../services/errors.ts';

// Node keeps the compiled code of what each command loads on disk (in the system's temporary directory, checked
// against each file's content), and each command loads only its own modules: a command starts in about half the
// time.
module.enableCompileCache();
const maintenance = () => import('./commands/maintenance.ts');
const eventLog = () => import('./commands/event-log.ts');
const sites = () => import('./commands/sites.ts');

const USAGE = `usage: amana COMMAND
  serve                          start the server (PORT, DATABASE_URL, AMANA_DATA_DIR)
  migrate                        apply pending database migrations
  seed --demo                    load the demo world into an empty database
  verify [--public-key FILE]     recompute the event log's hash chain and check its seals
  verify --segment FILE --public-key FILE
                                 check an exported segment offline, against the key you trust
  verify --pack FILE [--key FILE | --key-id ID] [--max-bytes N]
                                 check a verification pack offline (no database): 0 intact, 1 broken,
                                 3 intact but checked only against the key it carries (pin it)
  verify --statement FILE [--key FILE | --key-id ID]
                                 check a lot's signed origin statement offline, with the same exit codes
  seal                           sign the event chain head now (the worker does it periodically)
  seal public-key                print the instance's public key (PEM) for auditors
  worker [--once]                run the background work (site status time rules)
  token create --user EMAIL [--org ID] [--name NAME] [--expires ISO-DATE]
                                 print a new API token for a user
  import sites FILE              import sites from GeoJSON or CSV (all or nothing)
  import sanctions FILE [--list KEY --name NAME --kind sanctions|pep] [--format un-xml|csv]
                                 import a version of a sanctions or PEP list (the UN consolidated XML, or CSV),
                                 show its difference from the previous one and screen everyone against it
  export sites [--format geojson|csv] [--output FILE]
  export events [--from SEQ] [--to SEQ] --output FILE
                                 write a signed segment of the event log for an offline check
  export pack [--since DAY --until DAY] --output FILE
                                 write a verification pack (docs/verification-pack.md) of the days given
  backup --output FILE           write the database and the instance keys to one file (the embedded database
                                 only while no server holds it; PostgreSQL through pg_dump)
  restore FILE                   restore a backup into an empty data directory or database, then verify it
  openapi [--output FILE|-]      write the OpenAPI document of the routes (docs/openapi.json)`;

/** A failure in one line: what went wrong and, for bad input, each field to fix. */
function reason(error: unknown): string {
  if (error instanceof ServiceError && error.errors.length) {
    const fields = error.errors.slice(0, 5).map((e) => (e.path ? `${e.path}: ${e.message}` : e.message));
    const more = error.errors.length > 5 ? `; and ${error.errors.length - 5} more` : '';
    return `${error.message}: ${fields.join('; ')}${more}`;
  }
  return error instanceof Error ? error.message : String(error);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      once: { type: 'boolean', default: false },
      user: { type: 'string' },
      org: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      from: { type: 'string' },
      to: { type: 'string' },
      segment: { type: 'string' },
      pack: { type: 'string' },
      statement: { type: 'string' },
      key: { type: 'string' },
      'key-id': { type: 'string' },
      'max-bytes': { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      list: { type: 'string' },
      kind: { type: 'string' },
      'public-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  switch (`${command}${sub && ['token', 'import', 'export'].includes(command) ? ` ${sub}` : ''}`) {
    case 'serve':
      await (await import('./commands/serve.ts')).serve();
      return -1;
    case 'migrate':
      await (await maintenance()).migrateCommand();
      return 0;
    case 'seed':
      await (await maintenance()).seedCommand({ demo: values.demo });
      return 0;
    case 'verify':
      if (values.statement !== undefined)
        return (await import('./commands/statements.ts')).verifyStatementCommand({
          statement: values.statement,
          key: values.key,
          keyId: values['key-id'],
        });
      if (values.pack !== undefined)
        return (await import('./commands/packs.ts')).verifyPackCommand({
          pack: values.pack,
          key: values.key,
          keyId: values['key-id'],
          maxBytes: values['max-bytes'],
        });
      return (await maintenance()).verifyCommand({
        segment: values.segment,
        publicKey: values['public-key'],
      });
    case 'seal':
      if (sub === 'public-key') return (await eventLog()).sealPublicKeyCommand();
      if (!sub) return (await eventLog()).sealCommand();
      process.stderr.write(`amana: unknown command "${positionals.join(' ')}"\n${USAGE}\n`);
      return 2;
    case 'export pack':
      return (await import('./commands/packs.ts')).exportPackCommand(values);
    case 'export events':
      return (await eventLog()).exportEventsCommand(values);
    case 'worker':
      return (await maintenance()).workerCommand({ once: values.once });
    case 'token create':
      await (await import('./commands/token.ts')).tokenCreate(values);
      return 0;
    case 'import sites':
      await (await sites()).importSitesCommand(arg);
      return 0;
    case 'import sanctions':
      await (await import('./commands/screening.ts')).importSanctionsCommand(arg, values);
      return 0;
    case 'export sites':
      await (await sites()).exportSitesCommand(values);
      return 0;
    case 'backup':
      return (await import('./commands/backup.ts')).backupCommand(values);
    case 'restore':
      return (await import('./commands/backup.ts')).restoreCommand(sub);
    case 'openapi':
      await (await import('./commands/openapi.ts')).openApiCommand(values);
      return 0;
    default:
      process.stderr.write(`amana: unknown command "${positionals.join(' ')}"\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // serve and worker keep running; every other command exits with its status once done.
    if (code >= 0) process.exit(code);
  },
  (error) => {
    process.stderr.write(`amana: ${reason(error)}\n`);
    process.exit(1);
  },
);
