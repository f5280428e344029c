import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Role } from '@caseflow/domain';
import { AuditedChange } from '../audit/audited-change';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { AppointmentsService } from './appointments.service';
import {
  AvailabilityDto,
  AvailabilityQuery,
  CreatedLeaveDto,
  CreateLeaveDto,
  LeaveDto,
} from './dto/appointment.dto';

const BOOKING = [Role.Operator, Role.Engineer, Role.Supervisor, Role.Admin];

@ApiTags('appointments')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller()
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Get('staff/:id/availability')
  @Roles(...BOOKING)
  @ApiOperation({
    summary: 'An engineer’s free visit slots (operator, engineer, supervisor, admin)',
    description:
      'Their branch calendar’s working time minus booked visits and leave, on the half hour, for `days` ' +
      'days from `from`. `POST /api/cases/:number/actions/schedule` books one.',
  })
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  availability(@Param('id') id: string, @Query() query: AvailabilityQuery): Promise<AvailabilityDto> {
    return this.appointments.availability(id, query);
  }

  @Get('staff/:id/leave')
  @Roles(...BOOKING)
  @ApiOperation({ summary: 'An engineer’s leave, from now on (operator, engineer, supervisor, admin)' })
  @ApiOkResponse({ type: LeaveDto, isArray: true })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  listLeave(@Param('id') id: string): Promise<LeaveDto[]> {
    return this.appointments.listLeave(id);
  }

  @Post('staff/:id/leave')
  @Roles(Role.Supervisor, Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Record an engineer’s leave (supervisor, admin; audited)',
    description: 'No visit can be booked in it; visits already booked then are named in `visitsToMove`.',
  })
  @ApiCreatedResponse({ type: CreatedLeaveDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  addLeave(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: CreateLeaveDto,
    @Ip() ip: string,
  ): Promise<CreatedLeaveDto> {
    return this.appointments.addLeave(user, id, body, ip);
  }

  @Delete('leave/:id')
  @Roles(Role.Supervisor, Role.Admin)
  @AuditedChange()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a leave (supervisor, admin; audited)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async removeLeave(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Ip() ip: string,
  ): Promise<void> {
    await this.appointments.removeLeave(user, id, ip);
  }
}
