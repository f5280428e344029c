import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from './user.dto';

export class LinkedStaffDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '李伟' })
  name: string;

  @ApiProperty({ description: 'The position’s own flag; changing the account does not change it' })
  active: boolean;
}

/** A deactivation or reactivation: the account, and the staff position linked to it (left as it was). */
export class AccountStatusDto {
  @ApiProperty({ type: UserDto })
  user: UserDto;

  @ApiProperty({
    type: LinkedStaffDto,
    nullable: true,
    description: 'null: the account has no staff position',
  })
  staffMember: LinkedStaffDto | null;

  @ApiProperty({ example: 'li.wei can no longer sign in. Their staff position is unchanged.' })
  message: string;
}
