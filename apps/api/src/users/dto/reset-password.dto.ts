import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { MAX_PASSWORD_BYTES, MIN_PASSWORD_LENGTH, PasswordRules } from './create-user.dto';
import { UserDto } from './user.dto';

export class ResetPasswordDto {
  @ApiPropertyOptional({
    minLength: MIN_PASSWORD_LENGTH,
    format: 'password',
    description: `The temporary password (at most ${MAX_PASSWORD_BYTES} bytes); left out, one is generated and shown once in the answer`,
  })
  @IsOptional()
  @PasswordRules()
  password?: string;
}

export class PasswordResetDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiPropertyOptional({
    description:
      'Only when it was generated: shown this once and stored nowhere in clear; hand it to the user, who must then choose their own',
  })
  temporaryPassword?: string;
}
