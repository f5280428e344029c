// Stand-in pages for the browser console's routes (libs/domain console-links), until apps/console is
// served at `/`: a link in a message must not end in a 404. Each page says, in Chinese and English, what the
// link is about and where the API and its documentation are — it shows no data (that needs signing in).
import type { INestApplication } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CONSOLE_ROUTES, type ConsolePage } from '@caseflow/domain';

interface Words {
  title: (number?: string) => string;
  what: string;
}

const WORDS: Record<ConsolePage['page'], { 'zh-CN': Words; en: Words }> = {
  case: {
    'zh-CN': { title: (n) => `工单 ${n}`, what: '这是一张工单（服务请求或咨询）的链接。' },
    en: { title: (n) => `Case ${n}`, what: 'This link is about a case (a service request or an inquiry).' },
  },
  complaint: {
    'zh-CN': { title: (n) => `投诉 ${n}`, what: '这是一条投诉的链接。' },
    en: { title: (n) => `Complaint ${n}`, what: 'This link is about a complaint.' },
  },
  escalations: {
    'zh-CN': { title: () => '升级待办', what: '这是主管的升级待办（提醒、超时与升级）的链接。' },
    en: {
      title: () => 'Escalation inbox',
      what: 'This link is about the supervisors’ escalation inbox (reminders, breaches, escalations).',
    },
  },
  callbacks: {
    'zh-CN': { title: () => '回访队列', what: '这是回访队列的链接。' },
    en: { title: () => 'Callback queue', what: 'This link is about the callback queue.' },
  },
};

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The stand-in page for one console route (pure: the tests and the handler share it). */
export function consolePlaceholderPage(page: ConsolePage['page'], number?: string): string {
  const n = number === undefined ? undefined : escape(number);
  const zh = WORDS[page]['zh-CN'];
  const en = WORDS[page].en;
  const api = page === 'case' || page === 'complaint' ? `/api/${page}s/${n}` : `/api/${page}`;
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${zh.title(n)} · ${en.title(n)} — Caseflow</title></head>
<body>
<main>
<section lang="zh-CN">
<h1>${zh.title(n)}</h1>
<p>${zh.what}控制台页面尚未上线。登录后可通过 API 查看：<code>${api}</code>（需携带令牌）；接口文档见 <a href="/docs">/docs</a>。</p>
</section>
<section lang="en">
<h1>${en.title(n)}</h1>
<p>${en.what} The console page for it is not online yet. Signed in, the API has it at <code>${api}</code> (send your token); the API is documented at <a href="/docs">/docs</a>.</p>
</section>
</main>
</body>
</html>
`;
}

/**
 * Answers GET on the console's routes (outside `/api`) with the stand-in page. Registered on the HTTP
 * server itself, not as Nest controllers: `/api/cases/:number` and `/cases/:number` share a path below the
 * prefix, and excluding one from the prefix would exclude both. Public, like any page a link opens.
 */
export function serveConsolePlaceholders(app: INestApplication): void {
  const http = app.getHttpAdapter();
  for (const page of Object.keys(CONSOLE_ROUTES) as ConsolePage['page'][]) {
    http.get(CONSOLE_ROUTES[page], (req: Request, res: Response) => {
      const number = req.params.number as string | undefined;
      res
        .status(200)
        .type('html')
        .set('Cache-Control', 'no-cache')
        .send(consolePlaceholderPage(page, number));
    });
  }
}
