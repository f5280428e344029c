import { consolePath } from '@caseflow/domain';
import { consolePlaceholderPage } from './console-pages';

describe('the console’s stand-in pages', () => {
  it('name the case, in Chinese and English, and point at the API and /docs', () => {
    const html = consolePlaceholderPage('case', '20261122-07-0003');
    expect(html).toContain('<section lang="zh-CN">\n<h1>工单 20261122-07-0003</h1>');
    expect(html).toContain('<section lang="en">\n<h1>Case 20261122-07-0003</h1>');
    expect(html).toContain('<code>/api/cases/20261122-07-0003</code>');
    expect(html).toContain('<a href="/docs">/docs</a>');
  });

  it('never echo markup from the address', () => {
    const html = consolePlaceholderPage('complaint', '<script>alert(1)</script>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('投诉 &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('exist for every route a message links to', () => {
    expect(consolePath({ page: 'case', number: '20261122-07-0003' })).toBe('/cases/20261122-07-0003');
    expect(consolePath({ page: 'complaint', number: 'C20261122-0001' })).toBe('/complaints/C20261122-0001');
    expect(consolePath({ page: 'escalations' })).toBe('/escalations');
    expect(consolePath({ page: 'callbacks' })).toBe('/callbacks');
    expect(consolePlaceholderPage('escalations')).toContain('<h1>Escalation inbox</h1>');
    expect(consolePlaceholderPage('callbacks')).toContain('<h1>回访队列</h1>');
  });
});
