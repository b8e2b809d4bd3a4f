/**
 * Command-line flags for the scripts behind `npm run …`: node:util's parseArgs reads them, this
 * checks them. A bad command line ends the script with ONE line on stderr naming the command, the
 * flag and the problem (`import: error: --reports expects a positive integer, got "x"`) and exit
 * code 2, before anything is opened or written. `--help` / `-h` prints the usage and exits 0.
 *
 * parseArgs runs in its non-strict mode with tokens, and every token is checked here: its strict
 * mode stops at the first problem too, but with multi-line messages that do not say what was
 * expected (and it cannot check numbers: `Number("x")` would pass on as NaN).
 */
import { parseArgs } from 'node:util';

interface Flag {
  /** A one-letter alias (`-p`). */
  short?: string;
}
interface BooleanFlag extends Flag {
  type: 'boolean';
}
interface StringFlag extends Flag {
  type: 'string';
}
interface IntegerFlag extends Flag {
  type: 'integer';
  /** Smallest value accepted (default 1: a positive integer). */
  min?: number;
  max?: number;
}
interface ChoiceFlag extends Flag {
  type: 'choice';
  choices: readonly string[];
}
type FlagSpec = BooleanFlag | StringFlag | IntegerFlag | ChoiceFlag;

type FlagValue<F extends FlagSpec> = F extends BooleanFlag ? boolean : F extends IntegerFlag ? number | undefined : string | undefined;

export interface Command<S extends Record<string, FlagSpec>> {
  /** The name errors start with: `import`, `bench:parse`, … */
  name: string;
  /** One line, printed by --help and in errors about the positional arguments. */
  usage: string;
  flags: S;
  /** How many positional arguments (files, a name) the command takes; default none. */
  positionals?: { min?: number; max?: number; name?: string };
}

/** Ends the script with `NAME: error: MESSAGE` on stderr and exit code 2. */
export function usageError(name: string, message: string): never {
  process.stderr.write(`${name}: error: ${message}\n`);
  process.exit(2);
}

function integerKind(f: IntegerFlag): string {
  const min = f.min ?? 1;
  if (f.max !== undefined) return `an integer from ${min} to ${f.max}`;
  if (min === 1) return 'a positive integer';
  if (min === 0) return 'a non-negative integer';
  return `an integer of at least ${min}`;
}

function expected(f: FlagSpec): string {
  if (f.type === 'integer') return integerKind(f);
  if (f.type === 'choice') return f.choices.join(' or ');
  return 'a value';
}

/** Checks one flag's text and converts it; a string describing the problem when it is wrong. */
function convert(flag: string, f: FlagSpec, raw: string): string | number | { problem: string } {
  const got = `${flag} expects ${expected(f)}, got ${JSON.stringify(raw)}`;
  if (f.type === 'integer') {
    const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < (f.min ?? 1) || (f.max !== undefined && n > f.max)) return { problem: got };
    return n;
  }
  if (f.type === 'choice' && !f.choices.includes(raw)) return { problem: got };
  if (raw === '') return { problem: `${flag} expects ${expected(f)}, got an empty one` };
  return raw;
}

/**
 * Reads `argv` (default: this process's arguments) against the command's flags. Returns the
 * values (booleans false when absent, other flags undefined) and the positional arguments; ends
 * the process on any problem, see the file comment.
 */
export function parseCommandLine<const S extends Record<string, FlagSpec>>(
  cmd: Command<S>,
  argv: string[] = process.argv.slice(2),
): { values: { [K in keyof S]: FlagValue<S[K]> }; positionals: string[] } {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, f] of Object.entries(cmd.flags)) {
    options[name] = { type: f.type === 'boolean' ? 'boolean' : 'string' };
    if (f.short) options[name].short = f.short;
  }
  const { tokens, positionals } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const fail = (message: string): never => usageError(cmd.name, message);

  const values: Record<string, string | number | boolean | undefined> = {};
  for (const [name, f] of Object.entries(cmd.flags)) values[name] = f.type === 'boolean' ? false : undefined;
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (t.name === 'help') {
      process.stdout.write(`usage: ${cmd.usage}\n`);
      process.exit(0);
    }
    const f = cmd.flags[t.name];
    // An unknown option is an error, not a positional: `--reprase` must not start a whole import.
    if (!f) fail(`unknown option ${t.rawName}`);
    const flag = t.rawName.startsWith('--') ? t.rawName : `${t.rawName} (--${t.name})`;
    if (f.type === 'boolean') {
      if (t.value !== undefined) fail(`${flag} takes no value, got ${JSON.stringify(t.value)}`);
      values[t.name] = true;
      continue;
    }
    if (t.value === undefined) fail(`${flag} expects ${expected(f)}, got nothing`);
    // `--manifest --reparse`: the next flag is not the value (give `--manifest=--x` for that).
    if (!t.inlineValue && t.value!.startsWith('-') && !(f.type === 'integer' && /^-\d/.test(t.value!)))
      fail(`${flag} expects ${expected(f)}, got the option ${t.value}`);
    const v = convert(flag, f, t.value!);
    if (typeof v === 'object') fail(v.problem);
    values[t.name] = v as string | number;
  }

  const { min = 0, max = 0, name = 'argument' } = cmd.positionals ?? {};
  if (positionals.length < min) fail(`no ${name} given (usage: ${cmd.usage})`);
  if (positionals.length > max)
    fail(
      max === 0
        ? `unexpected argument ${JSON.stringify(positionals[0])}`
        : `one ${name} only, got ${positionals.map((p) => JSON.stringify(p)).join(' and ')}`,
    );
  return { values: values as { [K in keyof S]: FlagValue<S[K]> }, positionals };
}
