import { Body, Controller, Get, HttpCode, HttpStatus, Ip, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
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
import { AllowedBeforePasswordChange, CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { ChangePasswordDto } from './dto/change-password.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { AccountStatusDto } from './dto/deactivation.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { PasswordResetDto, ResetPasswordDto } from './dto/reset-password.dto';
import { UpdateOwnProfileDto, UpdateUserDto } from './dto/update-user.dto';
import { UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

// The `me` routes are declared before the `:id` ones: Express matches in order, and "me" is not an id.
@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({ summary: 'Create a user (admin)', description: 'Audited.' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The username is taken' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateUserDto,
    @Ip() ip: string,
  ): Promise<UserDto> {
    return this.users.create(user, body, ip);
  }

  @Get()
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'List users (admin)',
    description:
      'Ordered by username. Filters combine with AND; `q` matches part of the username or display name.',
  })
  @ApiOkResponse({ type: UserDto, isArray: true })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  list(@Query() query: ListUsersQuery): Promise<UserDto[]> {
    return this.users.list(query);
  }

  @Get('me')
  @AllowedBeforePasswordChange()
  @ApiOperation({
    summary: 'The signed-in user',
    description: 'With the roles they act with (a manager is a supervisor too).',
  })
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentUser() user: AuthenticatedUser): Promise<UserDto> {
    // The roles one acts with: a manager's include supervisor, so the console offers the supervisor's pages.
    return { ...(await this.users.get(user.id)), roles: user.roles };
  }

  @Patch('me')
  @AuditedChange()
  @ApiOperation({ summary: 'Change one’s own display name or language', description: 'Audited.' })
  @ApiOkResponse({ type: UserDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  updateMe(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdateOwnProfileDto,
    @Ip() ip: string,
  ): Promise<UserDto> {
    return this.users.updateOwnProfile(user, body, ip);
  }

  @Post('me/password')
  @HttpCode(HttpStatus.OK)
  @AllowedBeforePasswordChange()
  @AuditedChange()
  @ApiOperation({
    summary: 'Change one’s own password',
    description:
      'The current password must be given (422 naming `currentPassword` otherwise); the new one follows the ' +
      'same rules as at creation and must differ from it. Lifts the mark an admin’s reset left. Audited.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ChangePasswordDto,
    @Ip() ip: string,
  ): Promise<UserDto> {
    return this.users.changeOwnPassword(user, body, ip);
  }

  @Get(':id')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'One user (admin)' })
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id') id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Change a user’s display name, roles or language (admin)',
    description: 'Taking the admin role from the last active admin is refused (409). Audited.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'It would leave no active admin' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: UpdateUserDto,
    @Ip() ip: string,
  ): Promise<UserDto> {
    return this.users.update(user, id, body, ip);
  }

  @Post(':id/reset-password')
  @HttpCode(HttpStatus.OK)
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Set a temporary password (admin)',
    description:
      'The password given, or a generated one shown once in the answer. The user must choose a new password ' +
      'before anything else (every route but GET /api/users/me and POST /api/users/me/password answers 403). ' +
      'Also lifts a sign-in lock. Audited (never the password).',
  })
  @ApiOkResponse({ type: PasswordResetDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  resetPassword(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: ResetPasswordDto,
    @Ip() ip: string,
  ): Promise<PasswordResetDto> {
    return this.users.resetPassword(user, id, body, ip);
  }

  @Post(':id/unlock')
  @HttpCode(HttpStatus.OK)
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Lift a sign-in lock and forget the failed attempts (admin)',
    description: 'Audited.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  unlock(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Ip() ip: string,
  ): Promise<UserDto> {
    return this.users.unlock(user, id, ip);
  }

  @Post(':id/deactivate')
  @HttpCode(HttpStatus.OK)
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Deactivate an account (admin)',
    description:
      'The user cannot sign in and their tokens stop working at once. Their staff position is not changed; ' +
      'the answer says whether they have one. The last active admin cannot be deactivated (409). Audited.',
  })
  @ApiOkResponse({ type: AccountStatusDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'It would leave no active admin' })
  deactivate(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Ip() ip: string,
  ): Promise<AccountStatusDto> {
    return this.users.deactivate(user, id, ip);
  }

  @Post(':id/reactivate')
  @HttpCode(HttpStatus.OK)
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Reactivate an account (admin)',
    description: 'The user can sign in again. Their staff position is not changed. Audited.',
  })
  @ApiOkResponse({ type: AccountStatusDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  reactivate(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Ip() ip: string,
  ): Promise<AccountStatusDto> {
    return this.users.reactivate(user, id, ip);
  }
}
