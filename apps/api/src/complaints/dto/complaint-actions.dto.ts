import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { PENALTY_PROPOSALS, type PenaltyProposal } from '@caseflow/domain';

/** A fine needs an amount above 0 (at most 2 decimals); any other proposal has none. */
const AmountOnlyForAFine = () =>
  ValidateBy({
    name: 'amountOnlyForAFine',
    validator: {
      validate: (value: unknown, args) => {
        if ((args?.object as StaffInvolvedDto).penalty !== 'fine') return value === undefined;
        return typeof value === 'number' && value > 0 && Math.round(value * 100) === value * 100;
      },
      defaultMessage: (args) =>
        (args?.object as StaffInvolvedDto).penalty === 'fine'
          ? 'amount is required for a fine: a number above 0 with at most 2 decimals'
          : 'amount is only for a fine',
    },
  });

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AcknowledgeComplaintDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class PromiseAnswerDto {
  @ApiProperty({ example: 'A replacement printer, installed free of charge', maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  answer: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'By when the customer was promised it' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'answerBy must be an ISO 8601 time' })
  answerBy?: string;
}

export class ContactComplaintDto extends AcknowledgeComplaintDto {}

export class DeliverResultDto {
  @ApiProperty({ example: 'Printer replaced; apology delivered in person', maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  result: string;

  @ApiProperty({ description: 'Delivered in person, as the standard asks (false: by phone, letter…)' })
  @IsBoolean({ message: 'inPerson must be true or false' })
  inPerson: boolean;
}

export class StaffInvolvedDto {
  @ApiProperty({ format: 'uuid', description: 'A staff id; must exist' })
  @IsUUID('all', { message: 'staffId must be a staff id (a UUID)' })
  staffId: string;

  @ApiProperty({
    enum: PENALTY_PROPOSALS,
    description: 'A proposal, confirmed or rejected by staff supervision',
  })
  @IsIn(PENALTY_PROPOSALS, { message: `penalty must be one of ${PENALTY_PROPOSALS.join(', ')}` })
  penalty: PenaltyProposal;

  @ApiPropertyOptional({
    example: 200,
    description: "A fine's amount (required for a fine, refused otherwise)",
  })
  @AmountOnlyForAFine()
  amount?: number;

  @ApiPropertyOptional({ maxLength: 2000, description: "Why (default: the report's cause)" })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;
}

export class HandlingReportDto {
  @ApiProperty({ example: 'The engineer lost his temper', maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  cause: string;

  @ApiProperty({ example: 'Apologised in person; engineer retrained', maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  actionTaken: string;

  @ApiProperty({ type: [StaffInvolvedDto], description: 'Everyone involved (empty when nobody was)' })
  @IsArray({ message: 'staffInvolved must be a list (empty when nobody was involved)' })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => StaffInvolvedDto)
  staffInvolved: StaffInvolvedDto[];
}

export class RecordComplaintCallbackDto {
  @ApiProperty({
    description: 'Satisfied: archived. Not satisfied: a new round (or, at the limit, the GM office)',
  })
  @IsBoolean({ message: 'satisfied must be true or false' })
  satisfied: boolean;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  remarks?: string;
}

export class CloseComplaintDto {
  @ApiProperty({ example: 'Refund granted as a goodwill gesture', maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
