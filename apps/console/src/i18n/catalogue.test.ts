import { describe, expect, it } from 'vitest';
import { COMMITMENT_KIND_NAMES, COMMITMENT_KINDS } from '../../../../libs/sla/src/commitment-kinds';
import { catalogue } from './catalogue';

const { en, 'zh-CN': zhCN } = catalogue;

function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: unknown): string[] {
  return [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
}

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], tree);
}

describe('the console’s words', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
  });

  it('have no empty text', () => {
    for (const [name, tree] of Object.entries({ zhCN, en })) {
      for (const key of keys(tree)) expect([name, key, lookup(tree, key)]).not.toEqual([name, key, '']);
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of keys(en))
      expect([key, placeholders(lookup(zhCN, key))]).toEqual([key, placeholders(lookup(en, key))]);
  });
});

describe('the names of commitment kinds', () => {
  it('come from the catalogue of commitment kinds, for every kind, in both languages', () => {
    for (const kind of COMMITMENT_KIND_NAMES) {
      const { label } = COMMITMENT_KINDS[kind];
      expect([kind, lookup(zhCN, `commitmentKind.${kind}`)]).toEqual([kind, label['zh-CN']]);
      expect([kind, String(lookup(en, `commitmentKind.${kind}`)).toLowerCase()]).toEqual([
        kind,
        label.en.toLowerCase(),
      ]);
    }
    expect(lookup(en, 'commitmentKind.first_contact')).toBe('First contact');
    expect(lookup(zhCN, 'commitmentKind.complaint_answer')).toBe('明确答复');
  });
});
