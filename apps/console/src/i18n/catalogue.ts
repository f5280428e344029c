// The console's words, gathered: the shared words in this folder plus each feature's own
// `features/<feature>/locales/{zh-CN,en}.json`, so a feature brings its words with it. The names of the
// commitment kinds (`commitmentKind.<kind>`) come from the API's own catalogue (libs/sla), so a kind added
// there is named here, in messages and in the API alike.
import { COMMITMENT_KIND_NAMES, COMMITMENT_KINDS } from '../../../../libs/sla/src/commitment-kinds';
import en from './en.json';
import zhCN from './zh-CN.json';

type Tree = { [key: string]: string | Tree };

const featureFiles = import.meta.glob<Tree>('../features/*/locales/*.json', {
  eager: true,
  import: 'default',
});

function merge(into: Tree, from: Tree, path: string): Tree {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (typeof value === 'object' && typeof existing === 'object') merge(existing, value, `${path}${key}.`);
    else if (existing !== undefined) throw new Error(`console words: ${path}${key} is defined twice`);
    else into[key] = typeof value === 'object' ? merge({}, value, `${path}${key}.`) : value;
  }
  return into;
}

/** `{ commitmentKind: { first_contact: 'First contact', … } }`: a label on its own starts with a capital. */
function commitmentKindWords(language: 'zh-CN' | 'en'): Tree {
  const label = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  return {
    commitmentKind: Object.fromEntries(
      COMMITMENT_KIND_NAMES.map((kind) => [kind, label(COMMITMENT_KINDS[kind].label[language])]),
    ),
  };
}

function gather(language: 'zh-CN' | 'en', shared: Tree): Tree {
  const tree = merge({}, shared, '');
  merge(tree, commitmentKindWords(language), '');
  for (const [file, words] of Object.entries(featureFiles)) {
    if (file.endsWith(`/${language}.json`)) merge(tree, words, '');
  }
  return tree;
}

export const catalogue = { 'zh-CN': gather('zh-CN', zhCN as Tree), en: gather('en', en as Tree) };
