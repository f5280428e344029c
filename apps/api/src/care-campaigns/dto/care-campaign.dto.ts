import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const CAMPAIGN_KINDS = ['holiday_greeting', 'company_news'] as const;

export class CampaignTextsDto {
  @ApiProperty({ maxLength: 500, example: '新春快乐！感谢您一年来的信任与支持。' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  'zh-CN': string;

  @ApiProperty({ maxLength: 500, example: 'Happy Spring Festival! Thank you for your trust this year.' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  en: string;
}

export class CreateCareCampaignDto {
  @ApiProperty({ enum: CAMPAIGN_KINDS })
  @IsIn(CAMPAIGN_KINDS, { message: `kind must be one of ${CAMPAIGN_KINDS.join(', ')}` })
  kind: (typeof CAMPAIGN_KINDS)[number];

  @ApiProperty({ maxLength: 200, example: '2027 春节问候' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty({
    type: CampaignTextsDto,
    description: 'The message in each language; each contact gets theirs',
  })
  @IsDefined({ message: 'texts is required: the message in zh-CN and en' })
  @ValidateNested()
  @Type(() => CampaignTextsDto)
  texts: CampaignTextsDto;

  @ApiProperty({ format: 'date-time', description: 'When sending starts' })
  @IsISO8601({ strict: true }, { message: 'sendAt must be an ISO 8601 time, e.g. 2027-02-05T10:00:00+08:00' })
  sendAt: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000, default: 60, description: 'Messages queued per minute' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  ratePerMinute?: number;
}

export class CareCampaignDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: CAMPAIGN_KINDS })
  kind: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: CampaignTextsDto })
  texts: CampaignTextsDto;

  @ApiProperty({ format: 'date-time' })
  sendAt: string;

  @ApiProperty()
  ratePerMinute: number;

  @ApiProperty({ enum: ['scheduled', 'sending', 'completed', 'cancelled'] })
  status: string;

  @ApiProperty({ type: Number, nullable: true, description: 'Consenting contacts when sending started' })
  audience: number | null;

  @ApiProperty({
    description: 'Deliveries by status: pending, queued (in the outbox), opted_out, no_address',
    example: { queued: 120, opted_out: 2 },
  })
  deliveries: Record<string, number>;

  @ApiProperty()
  createdBy: string;
}

export class CancelCareCampaignDto {
  @ApiProperty({ maxLength: 500 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason is required' })
  @MaxLength(500)
  reason: string;
}
