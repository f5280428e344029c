import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { DomainError, DomainErrorCode } from '@caseflow/domain';
import { toHttpError } from '../errors/error-mapping';
import { createValidationPipe } from '../validation/validation';
import { TRANSLATED_CONSTRAINTS, translateFieldMessage, translateMessage } from './error-messages';
import { fromAcceptLanguage, languageOf } from './language';

describe('the caller’s language', () => {
  it.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['en-US,zh;q=0.9', 'en'],
    ['de;q=1, zh;q=0.5', 'zh-CN'],
    ['fr-FR, de', 'en'],
    ['zh;q=0, fr', 'en'],
    ['', 'en'],
  ])('reads Accept-Language "%s" as %s (English when none of ours is asked for)', (header, language) => {
    expect(fromAcceptLanguage(header)).toBe(language);
  });

  it('takes the signed-in user’s language over Accept-Language', () => {
    const headers = { 'accept-language': 'en' };
    expect(languageOf({ headers, user: { language: 'zh-CN' } })).toBe('zh-CN');
    expect(languageOf({ headers: { 'accept-language': 'zh-CN' }, user: { language: 'en' } })).toBe('en');
    expect(languageOf({ headers: { 'accept-language': 'zh-CN' } })).toBe('zh-CN');
  });
});

describe('the message catalogue', () => {
  it('has a Chinese message for every class-validator constraint the DTOs use', async () => {
    // Load every DTO and query class, then read the constraints class-validator registered for them.
    const src = join(__dirname, '..', '..');
    const files = (readdirSync(src, { recursive: true }) as string[]).filter(
      (f) => /(^|\/)dto\/[^/]+\.ts$|\.query\.ts$/.test(f) && !f.endsWith('.spec.ts'),
    );
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) await import(join(src, file));
    type Constraint = new (...args: unknown[]) => unknown;
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<object, { type: string; constraintCls?: Constraint }[]>;
    };
    const used = new Set<string>(['whitelistValidation']);
    for (const metadatas of storage.validationMetadatas.values()) {
      for (const m of metadatas) {
        if (m.type === 'customValidation' && m.constraintCls) {
          for (const c of getMetadataStorage().getTargetValidatorConstraints(m.constraintCls))
            used.add(c.name);
        } else if (m.type === 'nestedValidation' || m.type === 'isDefined') used.add(m.type);
      }
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((name) => !TRANSLATED_CONSTRAINTS.includes(name))).toEqual([]);
  });

  it('keeps the numbers and choices of a field message', () => {
    expect(
      translateFieldMessage(
        'reason',
        'reason must be shorter than or equal to 500 characters',
        'maxLength',
        'zh-CN',
      ),
    ).toBe('reason 最多 500 个字符');
    expect(
      translateFieldMessage('kind', 'kind must be one of service_request, inquiry', 'isIn', 'zh-CN'),
    ).toBe('kind 必须是以下之一：service_request, inquiry');
    expect(
      translateFieldMessage('ratio', 'ratio must be between 0.10 and 0.20 (10–20 %)', 'max', 'zh-CN'),
    ).toBe('ratio 必须在 0.10 到 0.20 之间');
    expect(
      translateFieldMessage('date', 'date must be a date YYYY-MM-DD, e.g. 2026-11-23', 'matches', 'zh-CN'),
    ).toBe('date 格式不正确（YYYY-MM-DD，例如 2026-11-23）');
    expect(translateFieldMessage('x', 'anything', 'isNotEmpty', 'en')).toBe('anything');
  });

  it('leaves a specific message it does not know in English', () => {
    const specific = 'Only the escalation’s recipient may acknowledge it.';
    expect(translateMessage(specific, 'zh-CN')).toBe(specific);
  });
});

describe('toHttpError in the caller’s language', () => {
  async function refusal(): Promise<unknown> {
    const { CreateCaseDto } = await import('../../cases/dto/create-case.dto');
    try {
      await createValidationPipe().transform(
        { kind: 'repair', customer: { name: '' }, surprise: 1 },
        { type: 'body', metatype: CreateCaseDto },
      );
    } catch (error) {
      return error;
    }
    throw new Error('expected a refusal');
  }

  it('answers a 422 with the message and every field message in Chinese, the fields’ names kept', async () => {
    const english = toHttpError(await refusal());
    const chinese = toHttpError(await refusal(), 'zh-CN');
    expect(chinese.status).toBe(422);
    expect(chinese.body.message).toBe('请求有误：请按各字段的说明修改。');
    expect(Object.keys(chinese.body.errors!)).toEqual(Object.keys(english.body.errors!));
    expect(chinese.body.errors!.surprise).toEqual(['不认识的字段 surprise：请删除它（注意拼写）']);
    expect(chinese.body.errors!['customer.name']).toContain('customer.name 不能为空');
    for (const messages of Object.values(chinese.body.errors!))
      for (const message of messages) expect(message).toMatch(/[\u4e00-\u9fff]/);
    expect(english.body.message).toBe('Validation failed');
    expect(english.body).not.toHaveProperty('constraints');
    expect(chinese.body).not.toHaveProperty('constraints');
  });

  it('says a known domain message, and the outage messages, in Chinese', () => {
    expect(
      toHttpError(DomainError.notFound('Case 20261122-07-0003 was not found.'), 'zh-CN').body.message,
    ).toBe('未找到工单 20261122-07-0003。');
    expect(toHttpError(new TypeError('boom'), 'zh-CN').body.message).toMatch(/^服务器内部出错/);
    const generic = toHttpError(
      new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', { errors: { x: ['odd'] } }),
      'zh-CN',
    );
    expect(generic.body).toMatchObject({
      message: '请求有误：请按各字段的说明修改。',
      errors: { x: ['odd'] },
    });
  });
});
