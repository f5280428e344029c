import { ApiProperty } from '@nestjs/swagger';
import { Role } from '@caseflow/domain';
import { USER_LANGUAGES, type UserEntity, type UserLanguage } from '@caseflow/persistence';

/** A user as the API shows it; built field by field so the password hash can never slip through. */
export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'li.wei' })
  username: string;

  @ApiProperty({ example: '李伟' })
  displayName: string;

  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true })
  roles: Role[];

  @ApiProperty({ enum: USER_LANGUAGES })
  language: UserLanguage;

  @ApiProperty()
  active: boolean;

  @ApiProperty({
    description:
      'Set by an admin’s password reset: until the user chooses a new password, only GET /api/users/me and POST /api/users/me/password work',
  })
  mustChangePassword: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set while sign-in is locked',
  })
  lockedUntil: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;

  static from(user: UserEntity): UserDto {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      language: user.language,
      active: user.active,
      mustChangePassword: user.mustChangePassword,
      lockedUntil: user.lockedUntil,
      lastLoginAt: user.lastLoginAt,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    };
  }
}
