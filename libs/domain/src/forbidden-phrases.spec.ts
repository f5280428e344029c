import { findForbiddenPhrases, forbiddenPhraseMessage } from './forbidden-phrases';

const LIST = [
  { phrase: '我不知道', alternative: '请让我帮帮忙' },
  { phrase: "I don't know", alternative: 'Let me help you with that' },
];

describe('forbidden phrases', () => {
  it('finds a phrase inside a longer text and names the field and the alternative', () => {
    expect(findForbiddenPhrases({ body: '您好，我不知道怎么办', subject: '通知' }, LIST)).toEqual([
      { field: 'body', phrase: '我不知道', alternative: '请让我帮帮忙' },
    ]);
  });

  it('is not fooled by spaces, letter case, full-width letters or a curly apostrophe', () => {
    expect(findForbiddenPhrases({ a: '我 不 知道' }, LIST)).toHaveLength(1);
    expect(findForbiddenPhrases({ a: 'Sorry, I DON’T  know.' }, LIST)).toHaveLength(1);
    expect(findForbiddenPhrases({ a: "Ｉ don't know" }, LIST)).toHaveLength(1);
  });

  it('passes a text that only shares words with a phrase, and empty fields', () => {
    expect(findForbiddenPhrases({ a: '我知道了，请让我帮帮忙', b: undefined, c: '' }, LIST)).toEqual([]);
  });

  it('writes the field message with the phrase and the alternative', () => {
    expect(forbiddenPhraseMessage({ field: 'body', phrase: '我不知道', alternative: '请让我帮帮忙' })).toBe(
      'body contains the forbidden phrase "我不知道": say "请让我帮帮忙" instead',
    );
  });
});
