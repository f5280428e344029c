// The console's words, gathered: the shared words in this folder plus each feature's own
// `features/<feature>/locales/{zh-CN,en}.json`, so a feature brings its words with it.
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

function gather(language: 'zh-CN' | 'en', shared: Tree): Tree {
  const tree = merge({}, shared, '');
  for (const [file, words] of Object.entries(featureFiles)) {
    if (file.endsWith(`/${language}.json`)) merge(tree, words, '');
  }
  return tree;
}

export const catalogue = { 'zh-CN': gather('zh-CN', zhCN as Tree), en: gather('en', en as Tree) };
