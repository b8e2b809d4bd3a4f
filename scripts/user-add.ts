/**
 * npm run user:add -- NAME --role admin|reviewer [--region CODE] [--display 显示名]
 * Creates an account. The password is read from stdin when it is not a terminal
 * (`printf '%s\n' "$PW" | npm run user:add -- …`), else asked twice without echo.
 */
import { createInterface } from 'node:readline';
import { closeDb, getDb } from '../db/client';
import { COMMAND_LINE, createUser, userProblems } from '../server/users';
import { parseRole, ROLES } from '../lib/auth/policy';
import { parseCommandLine, usageError } from './cli';

function usage(msg: string): never {
  return usageError('user:add', msg);
}

function args() {
  const { values, positionals } = parseCommandLine({
    name: 'user:add',
    usage: 'npm run user:add -- NAME --role admin|reviewer [--region CODE] [--display NAME]',
    flags: { role: { type: 'choice', choices: ROLES }, region: { type: 'string' }, display: { type: 'string' } },
    positionals: { min: 1, max: 1, name: 'NAME' },
  });
  if (!values.role) usage('--role missing (admin or reviewer)');
  return { username: positionals[0], role: values.role, region: values.region ?? null, display: values.display };
}

async function readStdin(): Promise<string> {
  let s = '';
  for await (const chunk of process.stdin) s += chunk;
  return s.split(/\r?\n/)[0] ?? '';
}

function ask(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // Echo nothing while the password is typed.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
      if (s.includes(prompt)) process.stderr.write(prompt);
    };
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

async function main() {
  const a = args();
  let password: string;
  if (process.stdin.isTTY) {
    password = await ask('密码 password: ');
    if ((await ask('再输一次 again: ')) !== password) usage('the two passwords differ');
  } else password = await readStdin();
  const problems = userProblems({ username: a.username, password, role: a.role, regionCode: a.region });
  if (problems.length) usage(problems.join('；'));
  const db = await getDb();
  // Audited as `npm run user:add`, in the account's own transaction.
  await createUser(db, { username: a.username, password, role: parseRole(a.role)!, regionCode: a.region, name: a.display }, COMMAND_LINE);
  await closeDb();
  console.error(`user:add: created ${a.role} ${a.username}${a.region ? ` (region ${a.region})` : ''}`);
}

main().catch((err) => {
  console.error(`user:add: ${(err as Error).message}`);
  process.exit(1);
});
