import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Role } from '@caseflow/domain';
import { trim } from './create-user.dto';

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Filters combine with AND. */
export class ListUsersQuery {
  @ApiPropertyOptional({ enum: Role, enumName: 'Role', description: 'Users who have this role' })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional({ type: Boolean, description: 'Only active (true) or only deactivated (false) users' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    example: 'wang',
    description: 'Part of the username or display name, any letter case',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  q?: string;
}
