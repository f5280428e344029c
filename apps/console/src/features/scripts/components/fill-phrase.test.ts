import { describe, expect, it } from 'vitest';
import { fillPhrase } from './fill-phrase';

describe('fillPhrase', () => {
  it('fills the placeholders it has values for and leaves the others for the operator to say', () => {
    expect(fillPhrase('请稍等{{waitSeconds}}秒，{{answerBy}}前答复', { waitSeconds: 60 })).toBe(
      '请稍等60秒，{{answerBy}}前答复',
    );
  });
});
