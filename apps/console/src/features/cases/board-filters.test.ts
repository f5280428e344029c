import { describe, expect, it } from 'vitest';
import { activeView, filtersFrom, viewQuery } from './board-filters';

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
