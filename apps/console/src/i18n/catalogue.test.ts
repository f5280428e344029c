import { describe, expect, it } from 'vitest';
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
