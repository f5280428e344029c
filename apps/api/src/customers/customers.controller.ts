import {
  Body,
  Controller,
  Get,
  HttpCode,
  Ip,
  Param,
  Patch,
  Post,
  Put,
  Query,
  UseInterceptors,
} from '@nestjs/common';
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
  CustomerRecordDto,
  CustomerListDto,
  EraseCustomerDto,
  EquipmentDto,
  ListCustomersQuery,
  LookupCustomerQuery,
  MergeCustomerDto,
  RetentionDto,
  SiteDto,
  UpdateContactDto,
  UpdateCustomerDto,
  UpdateEquipmentDto,
  UpdateRetentionDto,
  UpdateSiteDto,
} from './dto/customer.dto';
import { PersonalDataInterceptor } from './personal-data';

/** Who reads the customer directory: the hotline, supervisors, the quality desk (they call back), admins. */
const READERS = [Role.Operator, Role.Supervisor, Role.Quality, Role.Admin];
/** Who registers and corrects customers: the hotline, supervisors and admins. */
const EDITORS = [Role.Operator, Role.Supervisor, Role.Admin];

@ApiTags('customers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@UseInterceptors(PersonalDataInterceptor)
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
    description:
      'The phone as typed (spaces and dashes allowed); an empty list when nobody has it. Each record answered ' +
      'is audited as a view.',
  })
  @ApiOkResponse({ type: CustomerRecordDto, isArray: true })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Not a phone number' })
  lookup(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: LookupCustomerQuery,
    @Ip() ip: string,
  ): Promise<CustomerRecordDto[]> {
    return this.customers.lookup(query.phone, user, ip);
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'One customer with its contacts, sites, equipment, cases, complaints, callbacks and evaluations',
    description: 'Every view is audited (who, when, which customer). Phones and addresses masked by role.',
  })
  @ApiOkResponse({ type: CustomerDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Ip() ip: string,
  ): Promise<CustomerDetailDto> {
    return this.customers.detail(id, user, ip);
  }

  @Post()
  @Roles(...EDITORS)
  @AuditedChange()
  @ApiOperation({ summary: 'Register a customer, with its contacts and sites; audited' })
  @ApiCreatedResponse({ type: CustomerRecordDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateCustomerDto,
    @Ip() ip: string,
  ): Promise<CustomerRecordDto> {
    return this.customers.create(user, body, ip);
  }

  @Patch(':id')
  @Roles(...EDITORS)
  @AuditedChange()
  @ApiOperation({ summary: 'Change a customer’s kind, name, tier or notes; audited with before and after' })
  @ApiOkResponse({ type: CustomerRecordDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The customer was merged into another' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: UpdateCustomerDto,
    @Ip() ip: string,
  ): Promise<CustomerRecordDto> {
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

  @Post(':id/erase')
  @HttpCode(200)
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Erase a customer’s personal fields on request (admin, with the reason)',
    description:
      'Names, phones, e-mails, addresses and serial numbers are anonymised in the record, its merged ' +
      'duplicates, its cases’ and complaints’ snapshots and timelines, callbacks, evaluations, the month-end ' +
      'sample and notifications (a message to the customer not yet sent is not sent). Kind, tier, models and ' +
      'case statistics stay. The record then takes no changes (409). Audited with the reason.',
  })
  @ApiOkResponse({ type: CustomerRecordDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already erased, or merged into another' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  erase(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: EraseCustomerDto,
    @Ip() ip: string,
  ): Promise<CustomerRecordDto> {
    return this.customers.erase(user, id, body.reason, ip);
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
  @ApiOkResponse({ type: CustomerRecordDto })
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
  ): Promise<CustomerRecordDto> {
    return this.customers.merge(user, id, body.duplicateId, ip);
  }
}

/** How long customers' personal fields are kept (PIPL), and who is due for erasure. */
@ApiTags('customers')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('privacy/retention')
export class RetentionController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'The retention setting, and the customers kept longer than it with nothing open (admin)',
  })
  @ApiOkResponse({ type: RetentionDto })
  get(): Promise<RetentionDto> {
    return this.customers.retention();
  }

  @Put()
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Set how many months after its last case closes a customer’s personal fields are kept (admin)',
  })
  @ApiOkResponse({ type: RetentionDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  set(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdateRetentionDto,
    @Ip() ip: string,
  ): Promise<RetentionDto> {
    return this.customers.setRetention(user, body.months, ip);
  }
}
