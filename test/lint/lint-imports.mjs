// Lints source text from stdin as if it were at the path given, with only `no-restricted-imports`
// (the type-aware rules need the file in the TypeScript program). Prints the messages as JSON.
// Run as a separate process because ESLint loads its flat config with a dynamic import.
import { ESLint } from 'eslint';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
if (process.argv[2] === '--rule-level') {
  // `--rule-level <rule> <path>`: the configured severity of a rule for a file (0 off, 1 warn, 2 error).
  const config = await new ESLint({ cwd: root }).calculateConfigForFile(path.join(root, process.argv[4]));
  const setting = config.rules?.[process.argv[3]];
  process.stdout.write(JSON.stringify(Array.isArray(setting) ? setting[0] : (setting ?? 0)));
  process.exit(0);
}
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
});
const [result] = await eslint.lintText(Buffer.concat(chunks).toString(), {
  filePath: path.join(root, process.argv[2]),
});
process.stdout.write(JSON.stringify(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }))));
