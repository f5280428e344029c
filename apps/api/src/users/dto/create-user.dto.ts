import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { Role } from '@caseflow/domain';
import { USER_LANGUAGES, type UserLanguage } from '@caseflow/persistence';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;
export const MIN_PASSWORD_LENGTH = 12;
// bcrypt reads only the first 72 bytes; a longer password would silently match its own prefix.
export const MAX_PASSWORD_BYTES = 72;

export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const MaxBytes = (max: number) =>
  ValidateBy({
    name: 'maxBytes',
    constraints: [max],
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || Buffer.byteLength(value, 'utf8') <= max,
      defaultMessage: () => `$property must be at most ${max} bytes long`,
    },
  });

/** The rules every new password follows, at creation, on a change and on an admin's reset. */
export const PasswordRules = () =>
  applyDecorators(IsString(), MinLength(MIN_PASSWORD_LENGTH), MaxBytes(MAX_PASSWORD_BYTES));

export class CreateUserDto {
  @ApiProperty({
    example: 'li.wei',
    pattern: USERNAME_PATTERN.source,
    description:
      '3–64 letters, digits, ".", "-" or "_", starting with a letter or digit; unique regardless of case',
  })
  @Transform(trim)
  @IsString()
  @Matches(USERNAME_PATTERN, {
    message: 'username must be 3–64 letters, digits, ".", "-" or "_", starting with a letter or digit',
  })
  username: string;

  @ApiProperty({ example: '李伟', maxLength: 128 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  displayName: string;

  @ApiProperty({
    minLength: MIN_PASSWORD_LENGTH,
    format: 'password',
    description: `At most ${MAX_PASSWORD_BYTES} bytes`,
  })
  @PasswordRules()
  password: string;

  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true, example: [Role.Operator] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ enum: USER_LANGUAGES, default: 'zh-CN' })
  @IsOptional()
  @IsIn(USER_LANGUAGES)
  language?: UserLanguage;
}
