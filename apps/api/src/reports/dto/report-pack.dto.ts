import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEmail } from 'class-validator';

export class UpdateReportPackDto {
  @ApiProperty({
    type: [String],
    example: ['gm@example.com'],
    description: 'Who receives the monthly report pack by e-mail (empty: nobody)',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true, message: 'each recipient must be an e-mail address' })
  recipients: string[];
}

export class ReportPackRunDto {
  @ApiProperty({ example: '2026-11' })
  month: string;

  @ApiProperty({ nullable: true, type: String, example: null, description: 'The quarter it also covered' })
  quarter: string | null;

  @ApiProperty({ enum: ['sending', 'sent', 'no_recipients', 'undeliverable'] })
  status: string;

  @ApiProperty({ type: [String] })
  recipients: string[];

  @ApiProperty({ type: [String], description: 'Recipients it reached' })
  delivered: string[];

  @ApiProperty({ nullable: true, type: String })
  error: string | null;

  @ApiProperty()
  startedAt: string;

  @ApiProperty({ nullable: true, type: String })
  finishedAt: string | null;
}

export class ReportPackDto {
  @ApiProperty({ type: [String] })
  recipients: string[];

  @ApiProperty({ example: '08:00 on the 1st, default calendar', description: 'When the pack goes out' })
  schedule: string;

  @ApiProperty({ type: [ReportPackRunDto], description: 'The last 24 runs, newest first' })
  runs: ReportPackRunDto[];
}
