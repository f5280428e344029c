import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value;

export const SERVICE_TYPES = ['on_site_repair', 'carry_in_repair', 'installation', 'maintenance'] as const;
export const SITUATIONS = [
  'greeting',
  'asking_to_wait',
  'transferring',
  'taking_a_message',
  'closing',
  'apologising',
  'accepting_complaint',
] as const;
export type Situation = (typeof SITUATIONS)[number];

/** The placeholders each situation's phrase may use, filled in when it is shown. */
export const PHRASE_PLACEHOLDERS: Record<Situation, string[]> = {
  greeting: ['operatorNo'],
  asking_to_wait: ['waitSeconds'],
  transferring: ['department'],
  taking_a_message: [],
  closing: [],
  apologising: [],
  accepting_complaint: ['answerBy'],
};

export class CatalogueWordsDto {
  @ApiProperty({ maxLength: 100, example: '上门维修' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({ type: [String], description: 'Documents to collect from the customer' })
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(300, { each: true })
  documents: string[];

  @ApiProperty({ type: [String], description: 'Forms to fill' })
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(300, { each: true })
  forms: string[];

  @ApiProperty({
    type: [String],
    description: 'What to tell the customer (checked against the forbidden phrases)',
  })
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  tellCustomer: string[];
}

export class PutServiceTypeDto {
  @ApiProperty({ type: CatalogueWordsDto })
  @IsDefined({ message: 'zh-CN is required: the Chinese words' })
  @ValidateNested()
  @Type(() => CatalogueWordsDto)
  'zh-CN': CatalogueWordsDto;

  @ApiProperty({ type: CatalogueWordsDto })
  @IsDefined({ message: 'en is required: the English words' })
  @ValidateNested()
  @Type(() => CatalogueWordsDto)
  en: CatalogueWordsDto;
}

export class ServiceTypeDto extends PutServiceTypeDto {
  @ApiProperty({ enum: SERVICE_TYPES })
  serviceType: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty()
  updatedBy: string;
}

export class PhraseWordsDto {
  @ApiProperty({
    maxLength: 1000,
    description: 'The phrase; `{{name}}` placeholders as the situation allows',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  text: string;
}

export class PutStandardPhraseDto {
  @ApiProperty({ type: PhraseWordsDto })
  @IsDefined({ message: 'zh-CN is required: the Chinese words' })
  @ValidateNested()
  @Type(() => PhraseWordsDto)
  'zh-CN': PhraseWordsDto;

  @ApiProperty({ type: PhraseWordsDto })
  @IsDefined({ message: 'en is required: the English words' })
  @ValidateNested()
  @Type(() => PhraseWordsDto)
  en: PhraseWordsDto;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 3600,
    description: 'asking_to_wait: the longest a caller is asked to hold, in seconds ({{waitSeconds}})',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  maxWaitSeconds?: number;
}

export class StandardPhraseDto extends PutStandardPhraseDto {
  @ApiProperty({ enum: SITUATIONS })
  situation: string;

  @ApiProperty({ type: [String], description: 'The placeholders the phrase may use' })
  placeholders: string[];

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty()
  updatedBy: string;
}
