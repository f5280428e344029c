import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/errors';
import { ListAssignableStaffQuery } from './dto/list-staff.query';
import { StaffMemberDto } from './dto/staff-member.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get('assignable')
  @ApiOperation({
    summary: 'Staff who may be assigned a case now (any signed-in user)',
    description: 'Active, certified staff whose certification has not expired, by name.',
  })
  @ApiOkResponse({ type: StaffMemberDto, isArray: true })
  async assignable(@Query() query: ListAssignableStaffQuery): Promise<StaffMemberDto[]> {
    return (await this.staff.assignable(query.branch)).map(StaffMemberDto.from);
  }
}
