// The {{promise}} of a message is the commitment kind's name from the catalogue (libs/sla
// commitment-kinds.ts), in the recipient's language; the templates keep no list of their own.
import { COMMITMENT_KIND_NAMES, COMMITMENT_KINDS } from '@caseflow/sla';
import { templateValues } from '../templates';

const promise = (commitmentKind: string, language: 'zh-CN' | 'en') =>
  templateValues({
    data: { commitmentKind },
    language,
    timeZone: 'Asia/Shanghai',
    appBaseUrl: 'https://caseflow.example',
  }).promise;

describe('a message’s {{promise}}', () => {
  it('is the kind’s name in the catalogue, in the recipient’s language, for every kind', () => {
    for (const kind of COMMITMENT_KIND_NAMES) {
      expect([kind, promise(kind, 'zh-CN')]).toEqual([kind, COMMITMENT_KINDS[kind].label['zh-CN']]);
      expect([kind, promise(kind, 'en')]).toEqual([kind, COMMITMENT_KINDS[kind].label.en]);
    }
    expect(promise('complaint_answer', 'zh-CN')).toBe('明确答复');
    expect(promise('inquiry_answer', 'en')).toBe('answer to the inquiry');
  });

  it('is a kind the catalogue lacks in plain words, never its snake_case name', () => {
    expect(promise('site_arrival', 'en')).toBe('site arrival');
  });
});
