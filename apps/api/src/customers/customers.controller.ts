import { Body, Controller, Get, HttpCode, Ip, Param, Patch, Post, Query } from '@nestjs/common';
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
import { CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { CustomersService } from './customers.service';
import {
  ContactDto,
  CreateContactDto,
  CreateCustomerDto,
  CreateEquipmentDto,
  CreateSiteDto,
  CustomerDetailDto,
  CustomerDto,
  CustomerListDto,
  EquipmentDto,
  ListCustomersQuery,
  LookupCustomerQuery,
  MergeCustomerDto,
  SiteDto,
  UpdateContactDto,
  UpdateCustomerDto,
  UpdateEquipmentDto,
  UpdateSiteDto,
} from './dto/customer.dto';

/** Who reads the customer directory: the hotline, supervisors, the quality desk (they call back), admins. */
const READERS = [Role.Operator, Role.Supervisor, Role.Quality, Role.Admin];
/** Who registers and corrects customers: the hotline, supervisors and admins. */
const EDITORS = [Role.Operator, Role.Supervisor, Role.Admin];

@ApiTags('customers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Customers, by name or part of a phone number (merged duplicates left out)' })
  @ApiOkResponse({ type: CustomerListDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  list(@Query() query: ListCustomersQuery): Promise<CustomerListDto> {
    return this.customers.list(query);
  }

  @Get('lookup')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'The customers a caller’s phone belongs to, with contacts, sites and equipment (intake)',
    description: 'The phone as typed (spaces and dashes allowed); an empty list when nobody has it.',
  })
  @ApiOkResponse({ type: CustomerDto, isArray: true })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Not a phone number' })
  lookup(@Query() query: LookupCustomerQuery): Promise<CustomerDto[]> {
    return this.customers.lookup(query.phone);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'One customer with its contacts, sites, equipment, cases, complaints, callbacks and evaluations',
  })
  @ApiOkResponse({ type: CustomerDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id') id: string): Promise<CustomerDetailDto> {
    return this.customers.detail(id);
  }

  @Post()
  @Roles(...EDITORS)
  @AuditedChange()
  @ApiOperation({ summary: 'Register a customer, with its contacts and sites; audited' })
  @ApiCreatedResponse({ type: CustomerDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateCustomerDto,
    @Ip() ip: string,
  ): Promise<CustomerDto> {
    return this.customers.create(user, body, ip);
  }

  @Patch(':id')
  @Roles(...EDITORS)
  @AuditedChange()
  @ApiOperation({ summary: 'Change a customer’s kind, name, tier or notes; audited with before and after' })
  @ApiOkResponse({ type: CustomerDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The customer was merged into another' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: UpdateCustomerDto,
    @Ip() ip: string,
  ): Promise<CustomerDto> {
    return this.customers.update(user, id, body, ip);
  }

  @Post(':id/contacts')
  @Roles(...EDITORS)
  @AuditedChange()
  @ApiOperation({ summary: 'Add a contact (phones, e-mails, language, consent to care messages); audited' })
  @ApiCreatedResponse({ type: ContactDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The customer was merged into another' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  addContact(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: CreateContactDto,
    @Ip() ip: string,
  ): Promise<ContactDto> {
    return this.customers.addContact(user, id, body, ip);
  }

  @Patch(':id/contacts/:contactId')
  @Roles(...EDITORS)
  @AuditedChange()
  @ApiOperation({ summary: 'Change a contact; withdrawing consent takes effect at once; audited' })
  @ApiOkResponse({ type: ContactDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  updateContact(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Param('contactId') contactId: string,
    @Body() body: UpdateContactDto,
    @Ip() ip: string,
  ): Promise<ContactDto> {
    return this.customers.updateContact(user, id, contactId, body, ip);
  }

  @Post(':id/sites')
  @Roles(...EDITORS)
  @AuditedChange()
  @ApiOperation({ summary: 'Add a site (an address, optionally the branch serving it); audited' })
  @ApiCreatedResponse({ type: SiteDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  addSite(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: CreateSiteDto,
    @Ip() ip: string,
  ): Promise<SiteDto> {
    return this.customers.addSite(user, id, body, ip);
  }

  @Patch(':id/sites/:siteId')
  @Roles(...EDITORS)
  @AuditedChange()
  @ApiOperation({ summary: 'Change a site; audited' })
  @ApiOkResponse({ type: SiteDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  updateSite(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Param('siteId') siteId: string,
    @Body() body: UpdateSiteDto,
    @Ip() ip: string,
  ): Promise<SiteDto> {
    return this.customers.updateSite(user, id, siteId, body, ip);
  }

  @Post(':id/equipment')
  @Roles(...EDITORS)
  @AuditedChange()
  @ApiOperation({
    summary: 'Add an installed device (model, serial number, install date, warranty end); audited',
  })
  @ApiCreatedResponse({ type: EquipmentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  addEquipment(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: CreateEquipmentDto,
    @Ip() ip: string,
  ): Promise<EquipmentDto> {
    return this.customers.addEquipment(user, id, body, ip);
  }

  @Patch(':id/equipment/:equipmentId')
  @Roles(...EDITORS)
  @AuditedChange()
  @ApiOperation({ summary: 'Change an installed device; audited' })
  @ApiOkResponse({ type: EquipmentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  updateEquipment(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Param('equipmentId') equipmentId: string,
    @Body() body: UpdateEquipmentDto,
    @Ip() ip: string,
  ): Promise<EquipmentDto> {
    return this.customers.updateEquipment(user, id, equipmentId, body, ip);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Roles(Role.Supervisor, Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Merge a duplicate into this customer (supervisor, admin)',
    description:
      'The duplicate’s contacts, sites, equipment, cases and complaints (and so their callbacks) move to this ' +
      'customer; the duplicate is kept as a pointer (`mergedIntoId`). A customer cannot be merged into itself ' +
      '(422). Audited with what moved.',
  })
  @ApiOkResponse({ type: CustomerDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'This customer was itself merged into another',
  })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  merge(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: MergeCustomerDto,
    @Ip() ip: string,
  ): Promise<CustomerDto> {
    return this.customers.merge(user, id, body.duplicateId, ip);
  }
}
