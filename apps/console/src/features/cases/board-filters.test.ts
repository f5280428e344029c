import { describe, expect, it } from 'vitest';
import { activeView, boardPager, filtersFrom, viewQuery } from './board-filters';

const params = (text: string) => new URLSearchParams(text);

describe('board views', () => {
  it('reduce an address to the filters a view keeps, in a fixed order, without the page', () => {
    expect(viewQuery('page=3&kind=inquiry&assignee=me&utm=x')).toBe('assignee=me&kind=inquiry');
    expect(viewQuery('?q=&breached=true')).toBe('breached=true');
  });

  it('name the built-in view the address shows, and none once a filter is added', () => {
    expect(activeView(params(''))).toBe('all');
    expect(activeView(params('assignee=me&page=2'))).toBe('mine');
    expect(activeView(params('assignee=team'))).toBe('team');
    expect(activeView(params('breached=true'))).toBe('breached');
    expect(activeView(params('dueWithin=60'))).toBe('dueSoon');
    expect(activeView(params('dueWithin=60&kind=inquiry'))).toBeUndefined();
  });

  it('name one’s own saved view whatever the order of its filters', () => {
    const own = [{ id: 'v1', query: 'kind=inquiry&dueWithin=60' }];
    expect(activeView(params('dueWithin=60&kind=inquiry'), own)).toBe('v1');
  });
});

describe('board filters from the address', () => {
  it('ask for the open cases, soonest deadline first, unless told otherwise', () => {
    const f = filtersFrom(params(''));
    expect(f.state).toContain('new');
    expect(f.state).not.toContain('closed');
    expect(f).toMatchObject({ sort: 'nextDueAt', order: 'asc', page: 1, pageSize: 20 });
    expect(f.dueWithin).toBeUndefined();
  });

  it('pass due-within as whole minutes and drop what the API would refuse', () => {
    expect(filtersFrom(params('dueWithin=60')).dueWithin).toBe(60);
    expect(filtersFrom(params('dueWithin=soon')).dueWithin).toBeUndefined();
    expect(filtersFrom(params('dueWithin=-1')).dueWithin).toBeUndefined();
    expect(filtersFrom(params('sort=colour')).sort).toBe('nextDueAt');
  });
});

describe('the board pager', () => {
  it('counts pages by the exact total when the API counted them all', () => {
    expect(boardPager({ total: 57, totalCapped: false, nextCursor: 'x' }, 1, 20)).toEqual({
      pagerTotal: 57,
      capped: false,
    });
  });

  it('marks a capped total and still offers the next page past the cap while one follows', () => {
    const capped = { total: 10_000, totalCapped: true, nextCursor: 'x' };
    expect(boardPager(capped, 1, 20)).toEqual({ pagerTotal: 10_000, capped: true });
    expect(boardPager(capped, 500, 20)).toEqual({ pagerTotal: 10_001, capped: true });
    expect(boardPager({ ...capped, nextCursor: null }, 600, 20)).toEqual({
      pagerTotal: 12_000,
      capped: true,
    });
  });

  it('has nothing to count before the first answer', () => {
    expect(boardPager(undefined, 1, 20)).toEqual({ pagerTotal: 0, capped: false });
  });
});
