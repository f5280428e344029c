// Lints source text from stdin as if it were at the path given, with only the import and global rules
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
  ruleFilter: ({ ruleId }) =>
    ['no-restricted-imports', '@typescript-eslint/no-restricted-imports', 'no-restricted-globals'].includes(
      ruleId,
    ),
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
});
const lint = async (file, code) => {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
};
if (process.argv[2] === '--batch') {
  // `--batch`: stdin is a JSON list of `{ file, code }`; prints one list of messages per entry.
  const cases = JSON.parse(Buffer.concat(chunks).toString());
  const results = [];
  for (const { file, code } of cases) results.push(await lint(file, code));
  process.stdout.write(JSON.stringify(results));
} else {
  process.stdout.write(JSON.stringify(await lint(process.argv[2], Buffer.concat(chunks).toString())));
}
