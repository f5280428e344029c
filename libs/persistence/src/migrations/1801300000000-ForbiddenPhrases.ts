import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The phrases the service standards forbid, each with the standard alternative to say instead; an admin
 * edits the list, and every text that goes to a customer is checked against it before it is saved or sent.
 * Seeded from the standards (zh-CN) with their English counterparts for English-speaking customers.
 */
export const SEEDED_FORBIDDEN_PHRASES: [language: 'zh-CN' | 'en', phrase: string, alternative: string][] = [
  ['zh-CN', '我不知道', '请让我帮帮忙'],
  ['zh-CN', '那不是我的工作', '我来帮您联系负责的同事'],
  ['zh-CN', '你应该找经理去说', '我请经理来帮您处理'],
  ['zh-CN', '你冷静点儿', '请您别着急，我马上为您处理'],
  ['zh-CN', '明天再论', '我会在约定的时间内给您答复'],
  ['zh-CN', '不关我事', '这件事由我来跟进'],
  ['zh-CN', '找别人吧', '我帮您转给能解决的同事'],
  ['zh-CN', '没法子', '我们一起来想办法'],
  ['en', "I don't know", 'Let me help you with that'],
  ['en', "That's not my job", 'I will put you in touch with the colleague in charge'],
  ['en', 'You should talk to the manager', 'I will ask the manager to help you'],
  ['en', 'Calm down', 'I understand; I will take care of it right away'],
  ['en', 'Call back tomorrow', 'I will get back to you by the agreed time'],
  ['en', 'Not my business', 'I will follow this up for you'],
  ['en', 'Ask someone else', 'I will transfer you to a colleague who can solve it'],
  ['en', 'Nothing can be done', "Let's find a way together"],
];

export class ForbiddenPhrases1801300000000 implements MigrationInterface {
  name = 'ForbiddenPhrases1801300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "forbidden_phrases" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "position" bigserial NOT NULL,
        "phrase" text NOT NULL CHECK (length(btrim("phrase")) BETWEEN 1 AND 200),
        "alternative" text NOT NULL CHECK (length(btrim("alternative")) BETWEEN 1 AND 500),
        "language" text NOT NULL CHECK ("language" IN ('zh-CN', 'en')),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "updated_by" text
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "forbidden_phrases_phrase" ON "forbidden_phrases" (lower("phrase"))`,
    );
    for (const [language, phrase, alternative] of SEEDED_FORBIDDEN_PHRASES) {
      await queryRunner.query(
        `INSERT INTO "forbidden_phrases" ("phrase", "alternative", "language", "updated_by")
         VALUES ($1, $2, $3, 'standards')`,
        [phrase, alternative, language],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "forbidden_phrases"`);
  }
}
