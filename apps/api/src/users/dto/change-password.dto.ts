import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { MAX_PASSWORD_BYTES, MIN_PASSWORD_LENGTH, PasswordRules } from './create-user.dto';

export class ChangePasswordDto {
  @ApiProperty({
    format: 'password',
    description: 'The password used to sign in (the temporary one after a reset)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({
    minLength: MIN_PASSWORD_LENGTH,
    format: 'password',
    description: `At most ${MAX_PASSWORD_BYTES} bytes; must differ from the current one`,
  })
  @PasswordRules()
  newPassword: string;
}
