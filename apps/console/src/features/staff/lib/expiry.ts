// A certificate's expiry as a person should notice it: expired, expiring within 30 days, or fine.

export type ExpiryTone = 'expired' | 'soon' | 'ok' | 'none';

export const SOON_DAYS = 30;

export function expiryTone(expiresAt: string | null | undefined, now: number): ExpiryTone {
  if (!expiresAt) return 'none';
  const left = Date.parse(expiresAt) - now;
  if (left <= 0) return 'expired';
  return left <= SOON_DAYS * 86_400_000 ? 'soon' : 'ok';
}

export interface UnitNode<U> {
  unit: U;
  children: UnitNode<U>[];
}

/** Org units as a tree (parents first, siblings by name); a unit whose parent is missing is a root. */
export function unitTree<U extends { id: string; parentId: string | null; name: string }>(
  units: readonly U[],
): UnitNode<U>[] {
  const ids = new Set(units.map((u) => u.id));
  const byParent = new Map<string | null, U[]>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), u]);
  }
  const build = (parent: string | null): UnitNode<U>[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((unit) => ({ unit, children: build(unit.id) }));
  return build(null);
}
