import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { Role } from '@caseflow/domain';
import { USER_LANGUAGES, type UserLanguage } from '@caseflow/persistence';
import { trim } from './create-user.dto';

/** What anyone may change about themselves; only the fields sent change. */
export class UpdateOwnProfileDto {
  @ApiPropertyOptional({ example: '李伟', maxLength: 128 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  displayName?: string;

  @ApiPropertyOptional({ enum: USER_LANGUAGES })
  @IsOptional()
  @IsIn(USER_LANGUAGES)
  language?: UserLanguage;
}

/** An admin's change to an account; only the fields sent change. `roles` replaces the whole list. */
export class UpdateUserDto extends UpdateOwnProfileDto {
  @ApiPropertyOptional({ enum: Role, enumName: 'Role', isArray: true, example: [Role.Operator] })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles?: Role[];
}
