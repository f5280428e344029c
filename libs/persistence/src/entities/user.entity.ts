import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Role } from '@caseflow/domain';

export const USER_LANGUAGES = ['zh-CN', 'en'] as const;
export type UserLanguage = (typeof USER_LANGUAGES)[number];

/** A person who signs in. Usernames are unique regardless of case; the index lives in the migration. */
@Entity({ name: 'users' })
@Check('users_roles_check', 'cardinality(roles) > 0')
@Index('users_username_lower_key', { synchronize: false })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 128 })
  displayName: string;

  /** bcrypt hash; never selected unless asked for, so it cannot leak through a list or a DTO by accident. */
  @Column({ name: 'password_hash', type: 'varchar', length: 72, select: false })
  passwordHash: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role', array: true })
  roles: Role[];

  @Column({ type: 'enum', enum: USER_LANGUAGES, enumName: 'user_language', default: 'zh-CN' })
  language: UserLanguage;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Set by an admin's password reset: until a new password is chosen, only that and `GET /users/me` work. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  /** In every access token; raised by a deactivation or a password reset, which refuses all earlier tokens. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  /** Consecutive failed sign-ins since the last success or the last lock's end. */
  @Column({ name: 'failed_login_count', type: 'integer', default: 0 })
  failedLoginCount: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
