// The message catalogue for error answers, in one place: the exception filter asks it for the message and
// the 422 field messages in the caller's language. English is what the code writes; Chinese comes from
// (1) the generic message of each error code, (2) known specific messages (exact or by pattern), and
// (3) class-validator's constraints by name, so every DTO field message has a translation. A specific
// message not in the catalogue stays English.
import type { Language } from './language';

type Translate = (match: RegExpExecArray) => string;

/** Messages the code writes often enough to be worth saying in Chinese, by pattern. */
const MESSAGES: [RegExp, Translate][] = [
  [/^Validation failed$/, () => '请求有误：请按各字段的说明修改。'],
  [/^Invalid request: (.+)$/, (m) => `请求有误：${m[1]}`],
  [
    /^Sign in first/,
    () => '请先登录：请求头带上 "Authorization: Bearer <accessToken>"（令牌由 POST /api/auth/login 取得）。',
  ],
  [/^Your access token has expired; sign in again\.$/, () => '访问令牌已过期，请重新登录。'],
  [/^The access token is not valid; sign in again\.$/, () => '访问令牌无效，请重新登录。'],
  [/^This account no longer exists or is disabled\.$/, () => '该账户不存在或已停用。'],
  [/^Wrong username or password\.$/, () => '用户名或密码错误。'],
  [
    /^Too many failed sign-ins: this account is locked until (\S+) /,
    (m) => `登录失败次数过多：账户已锁定至 ${m[1]}（UTC），届时再试。`,
  ],
  [/^This action needs one of these roles: (.+)\.$/, (m) => `此操作需要以下角色之一：${m[1]}。`],
  [/^Case (\S+) was not found\.$/, (m) => `未找到工单 ${m[1]}。`],
  [/^Complaint (\S+) was not found\.$/, (m) => `未找到投诉 ${m[1]}。`],
  [/^Workflow (\S+) was not found\.$/, (m) => `未找到流程 ${m[1]}。`],
  [/^Workflow (\S+) has already been started\.$/, (m) => `流程 ${m[1]} 已经启动。`],
  [
    /^Case (\S+) is (\w+): nothing more can be done on it\.$/,
    (m) => `工单 ${m[1]} 已是 ${m[2]} 状态，不能再操作。`,
  ],
  [
    /^Cannot '([\w-]+)' a case in state '(\w+)'; allowed: (.+)$/,
    (m) => `工单处于 ${m[2]} 状态，不能执行 ${m[1]}；可执行：${m[3] === 'none' ? '无' : m[3]}`,
  ],
  [
    /^Cannot '([\w-]+)' a complaint in state '(\w+)'; allowed: (.+)$/,
    (m) => `投诉处于 ${m[2]} 状态，不能执行 ${m[1]}；可执行：${m[3] === 'none' ? '无' : m[3]}`,
  ],
  [/^Cannot (GET|POST|PUT|PATCH|DELETE) (\S+)$/, (m) => `没有这个地址：${m[1]} ${m[2]}`],
  [/JSON/, () => '请求体不是有效的 JSON。'],
  [/^request entity too large$/i, () => '请求体太大。'],
  [/^Something went wrong on our side\./, () => '服务器内部出错。报告问题时请附上请求编号（requestId）。'],
  [
    /^The workflow service \(Temporal\) is not reachable right now/,
    () => '流程服务（Temporal）暂时无法连接：操作没有执行，请稍后再试。',
  ],
  [
    /^The workflow service \(Temporal\) stopped answering after the request was sent/,
    () =>
      '流程服务（Temporal）在收到请求后没有应答：操作可能已生效，也可能没有。请用同一个 Idempotency-Key 重发（最多生效一次），或先查看记录再重试。',
  ],
  [
    /^The case did not answer in time/,
    () => '工单未能及时响应（Caseflow worker 是否在运行？）。操作可能稍后仍会生效：请先查看工单再重试。',
  ],
  [
    /^Too many failed sign-ins (.*?): try again after (\S+) /,
    (m) => `登录失败次数过多：请在 ${m[2]}（UTC）之后再试，或请管理员解锁。`,
  ],
  [/^Too many (.+?); try again in (\d+) seconds?\.$/, (m) => `请求过于频繁，请 ${m[2]} 秒后再试。`],
  [
    /^The request body is larger than the limit of (.+); send less\.$/,
    (m) => `请求体超过了 ${m[1]} 的上限，请减少内容。`,
  ],
  // Day one: branches and staff.
  [/^there is no branch "([^"]*)"$/, (m) => `没有分支机构 "${m[1]}"`],
  [
    /^branch "([^"]*)" is retired: choose an active branch$/,
    (m) => `分支机构 "${m[1]}" 已撤销，请选择在用的分支机构`,
  ],
  [/^There is no branch "([^"]*)"\.$/, (m) => `没有分支机构 "${m[1]}"。`],
  [
    /^A branch "([^"]*)" already exists; change it with PATCH\.$/,
    (m) => `分支机构 "${m[1]}" 已存在；请用 PATCH 修改。`,
  ],
  [
    /^Operator number (\d+) belongs to (.+?); the next free one is (\d+)\.$/,
    (m) => `话务员工号 ${m[1]} 已属于 ${m[2]}；下一个可用的是 ${m[3]}。`,
  ],
  [/^The username "([^"]*)" is already taken\.$/, (m) => `用户名 "${m[1]}" 已被占用。`],
  [/^No staff member has the id "([^"]*)"\.$/, (m) => `没有 id 为 "${m[1]}" 的员工。`],
  [
    /^You have no operator number/,
    () => '您没有话务员工号，而每个工单号都包含它：请管理员在您的员工档案中设置（PATCH /api/staff/{id}）。',
  ],
  // Field messages the services write themselves (no class-validator constraint behind them).
  [
    /^Idempotency-Key must be 1–200 printable ASCII characters$/,
    () => 'Idempotency-Key 必须是 1–200 个可打印 ASCII 字符',
  ],
  [
    /^Idempotency-Key was already used for a different request/,
    () => '该 Idempotency-Key 已用于另一个请求：重试请发送相同的请求体，新请求请用新的 Key',
  ],
  [
    /^there is no (branch|case|staff member|user|calendar) "(.*)"$/,
    (m) => `不存在${NOUNS[m[1]] ?? m[1]}「${m[2]}」`,
  ],
  [
    /^(\S+) has not ended yet \(it ends at (\S+), midnight in (\S+)\)/,
    (m) => `${m[1]} 尚未结束（${m[3]} 时间午夜结束，即 ${m[2]}）：请届时再抽样，或填写原因强制抽样`,
  ],
  [
    /^The level-2 callback is made 48 h after the service: it can be recorded from (\S+), not before$/,
    (m) => `二级回访在服务完成 48 小时后进行：${m[1]} 起才能记录，不能提前。`,
  ],
  [
    /^(\S+) contains the forbidden phrase "([^"]*)": say "([^"]*)" instead$/,
    (m) => `${m[1]} 含有服务规范禁止的用语“${m[2]}”：请改说“${m[3]}”`,
  ],
  [
    /^The text contains a phrase the service standards forbid: say the standard alternative instead$/,
    () => '文字含有服务规范禁止的用语：请改用规范用语。',
  ],
  [/^"([^"]*)" is already forbidden\.$/, (m) => `“${m[1]}”已在禁用语列表中。`],
  [/^(\S+) has not begun: it cannot be drawn yet$/, (m) => `${m[1]} 尚未开始，不能抽样`],
];

const NOUNS: Record<string, string> = {
  branch: '网点',
  case: '工单',
  'staff member': '员工',
  user: '用户',
  calendar: '日历',
};

/** What each error code means, for a message the catalogue does not know (see `genericMessage`). */
export const GENERIC_MESSAGES: Record<string, Record<Language, string>> = {
  VALIDATION_FAILED: { en: 'Validation failed', 'zh-CN': '请求有误：请按各字段的说明修改。' },
  UNAUTHENTICATED: { en: 'Sign in first.', 'zh-CN': '请先登录。' },
  FORBIDDEN: { en: 'You may not do this.', 'zh-CN': '您没有执行此操作的权限。' },
  ACCOUNT_LOCKED: { en: 'This account is locked for now.', 'zh-CN': '账户已被暂时锁定。' },
  NOT_FOUND: { en: 'Not found.', 'zh-CN': '未找到。' },
  CONFLICT: { en: 'This conflicts with what exists already.', 'zh-CN': '与已有记录冲突。' },
  INVALID_STATE: { en: 'The current state does not allow this.', 'zh-CN': '当前状态不允许此操作。' },
  SERVICE_UNAVAILABLE: {
    en: 'A service Caseflow needs is not available.',
    'zh-CN': '所需服务暂不可用，请稍后再试。',
  },
  INTERNAL_ERROR: { en: 'Something went wrong on our side.', 'zh-CN': '服务器内部出错。' },
  RATE_LIMITED: { en: 'Too many requests; try again later.', 'zh-CN': '请求过于频繁，请稍后再试。' },
  PAYLOAD_TOO_LARGE: { en: 'The request body is too large.', 'zh-CN': '请求体太大。' },
};

/** The generic message of a code in a language (English when the code is unknown). */
export function genericMessage(code: string | undefined, language: Language): string | undefined {
  return code ? GENERIC_MESSAGES[code]?.[language] : undefined;
}

/** A message in the language, when the catalogue knows it; undefined otherwise. */
function known(message: string, language: Language): string | undefined {
  if (language === 'en') return message;
  for (const [pattern, translate] of MESSAGES) {
    const match = pattern.exec(message);
    if (match) return translate(match);
  }
  return undefined;
}

/**
 * The error's message in the language: the catalogue's translation, else — for a message it does not know —
 * the English as written (the code's generic message is not a better answer than the specific one).
 */
export function translateMessage(message: string, language: Language): string {
  return known(message, language) ?? message;
}

/** class-validator's constraints by name: Chinese for each, the field's path and numbers kept. */
const CONSTRAINTS: Record<string, (field: string, english: string) => string> = {
  isNotEmpty: (f) => `${f} 不能为空`,
  isDefined: (f) => `${f} 是必填项`,
  isNotEmptyObject: (f) => `${f} 不能为空对象`,
  isString: (f) => `${f} 必须是文本`,
  isBoolean: (f) => `${f} 必须是 true 或 false`,
  isInt: (f) => `${f} 必须是整数`,
  isNumber: (f) => `${f} 必须是数字`,
  isObject: (f) => `${f} 必须是对象`,
  isArray: (f) => `${f} 必须是列表`,
  isUuid: (f) => `${f} 必须是 UUID`,
  isEmail: (f) => `${f} 必须是电子邮件地址`,
  isUrl: (f) => `${f} 必须是网址（URL）`,
  isIso8601: (f, en) => `${f} 必须是 ISO 8601 时间${example(en)}`,
  isIn: (f, en) => oneOf(f, en),
  isEnum: (f, en) => oneOf(f, en),
  matches: (f, en) => `${f} 格式不正确${example(en)}`,
  maxLength: (f, en) => `${f} 最多 ${number(en, /(\d+) characters/) ?? '允许的'} 个字符`,
  maxBytes: (f, en) => `${f} 最多 ${number(en, /at most (\d+) bytes/) ?? '允许的'} 个字节（UTF-8）`,
  minLength: (f, en) => `${f} 至少 ${number(en, /(\d+) characters/) ?? '所需的'} 个字符`,
  min: (f, en) => range(f, en) ?? `${f} 不能小于 ${number(en, /less than (\S+)$/) ?? '允许的最小值'}`,
  max: (f, en) => range(f, en) ?? `${f} 不能大于 ${number(en, /greater than (\S+)$/) ?? '允许的最大值'}`,
  arrayMaxSize: (f, en) => `${f} 最多 ${number(en, /no more than (\d+)/) ?? '允许的'} 项`,
  arrayMinSize: (f, en) => `${f} 至少 ${number(en, /at least (\d+)/) ?? '所需的'} 项`,
  arrayNotEmpty: (f) => `${f} 不能为空列表`,
  arrayUnique: (f) => `${f} 不能有重复项`,
  whitelistValidation: (f) => `不认识的字段 ${f}：请删除它（注意拼写）`,
  nestedValidation: (f) => `${f} 必须是对象或对象列表`,
  // The DTOs' own rules.
  receivedInTheLast24Hours: (f, en) =>
    /future/.test(en) ? `${f} 不能是将来的时间` : `${f} 最多是 24 小时以前：更早的来电按登记时间记录`,
  receivedInTheLastWeek: (f, en) => (/future/.test(en) ? `${f} 不能是将来的时间` : `${f} 最多是 7 天以前`),
  amountOnlyForAFine: (f, en) =>
    /required/.test(en) ? `罚款必须填写 ${f}：大于 0 且最多两位小数` : `只有罚款才填写 ${f}`,
  notWithNote: () => 'text 是 note 的旧名称：只发送 note',
};

function number(english: string, pattern: RegExp): string | undefined {
  return pattern.exec(english)?.[1];
}

function range(field: string, english: string): string | undefined {
  const m = /between (\S+) and (\S+?)[\s,)]/.exec(`${english} `);
  return m ? `${field} 必须在 ${m[1]} 到 ${m[2]} 之间` : undefined;
}

function oneOf(field: string, english: string): string {
  const list = /one of (?:the following values: )?(.+)$/.exec(english)?.[1];
  return list ? `${field} 必须是以下之一：${list}` : `${field} 的取值无效`;
}

function example(english: string): string {
  const format = /\b(YYYY-MM-DD|YYYY-MM|yyyy-mm|HH:mm)\b/.exec(english)?.[1];
  const sample = /e\.g\. (\S+)$/.exec(english)?.[1];
  if (format && sample) return `（${format}，例如 ${sample}）`;
  if (format) return `（${format}）`;
  return sample ? `，例如 ${sample}` : '';
}

/**
 * One field message in the language: by its class-validator constraint when there is one, else by the
 * message catalogue, else the English as written.
 */
export function translateFieldMessage(
  field: string,
  message: string,
  constraint: string | undefined,
  language: Language,
): string {
  if (language === 'en') return message;
  const byConstraint = constraint ? CONSTRAINTS[constraint] : undefined;
  if (byConstraint) return byConstraint(field, message);
  return known(message, language) ?? message;
}

/** The constraints the catalogue translates (for the test that walks every DTO). */
export const TRANSLATED_CONSTRAINTS: readonly string[] = Object.keys(CONSTRAINTS);
