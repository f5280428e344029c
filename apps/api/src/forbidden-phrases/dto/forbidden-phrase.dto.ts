import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const PHRASE_LANGUAGES = ['zh-CN', 'en'] as const;
export type PhraseLanguage = (typeof PHRASE_LANGUAGES)[number];

export interface ForbiddenPhraseRow {
  id: string;
  phrase: string;
  alternative: string;
  language: PhraseLanguage;
  updated_at: Date;
  updated_by: string | null;
}

export class ForbiddenPhraseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '我不知道' })
  phrase: string;

  @ApiProperty({ example: '请让我帮帮忙', description: 'What the standard says instead' })
  alternative: string;

  @ApiProperty({ enum: PHRASE_LANGUAGES })
  language: PhraseLanguage;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ nullable: true, type: String, description: 'Who changed it last (`standards`: seeded)' })
  updatedBy: string | null;

  static from(row: ForbiddenPhraseRow): ForbiddenPhraseDto {
    return {
      id: row.id,
      phrase: row.phrase,
      alternative: row.alternative,
      language: row.language,
      updatedAt: row.updated_at.toISOString(),
      updatedBy: row.updated_by,
    };
  }
}

export class CreateForbiddenPhraseDto {
  @ApiProperty({ maxLength: 200, example: '没法子' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'phrase is required: the words not to say' })
  @MaxLength(200)
  phrase: string;

  @ApiProperty({ maxLength: 500, example: '我们一起来想办法' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'alternative is required: what the standard says instead' })
  @MaxLength(500)
  alternative: string;

  @ApiProperty({ enum: PHRASE_LANGUAGES })
  @IsIn(PHRASE_LANGUAGES, { message: `language must be one of ${PHRASE_LANGUAGES.join(', ')}` })
  language: PhraseLanguage;
}

export class UpdateForbiddenPhraseDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'phrase must not be empty' })
  @MaxLength(200)
  phrase?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'alternative must not be empty' })
  @MaxLength(500)
  alternative?: string;

  @ApiPropertyOptional({ enum: PHRASE_LANGUAGES })
  @IsOptional()
  @IsIn(PHRASE_LANGUAGES, { message: `language must be one of ${PHRASE_LANGUAGES.join(', ')}` })
  language?: PhraseLanguage;
}

export class CheckTextDto {
  @ApiProperty({ maxLength: 8000, description: 'A text meant for a customer' })
  @IsString()
  @MaxLength(8000)
  text: string;
}

export class PhraseHitDto {
  @ApiProperty()
  field: string;

  @ApiProperty()
  phrase: string;

  @ApiProperty()
  alternative: string;
}

export class CheckTextResultDto {
  @ApiProperty({ description: 'true when the text has no forbidden phrase' })
  clean: boolean;

  @ApiProperty({ type: [PhraseHitDto] })
  hits: PhraseHitDto[];
}
