import { Body, Controller, Get, HttpCode, Ip, Param, Post, Put, Res } from '@nestjs/common';
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
import type { Response } from 'express';
import { Role } from '@caseflow/domain';
import { AuditedChange } from '../audit/audited-change';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { CertificatesService } from './certificates.service';
import {
  CertificateDto,
  CreateCertificateDto,
  ProductLineDto,
  ProductLineIdParam,
  PutProductLineDto,
  RenewCertificateDto,
  RevokeCertificateDto,
} from './dto/certificate.dto';

@ApiTags('certification')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller()
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get('staff/:id/certificates')
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOperation({ summary: 'A staff member’s certificates (supervisor, quality, admin)' })
  @ApiOkResponse({ type: CertificateDto, isArray: true })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async list(@Param('id') staffId: string): Promise<CertificateDto[]> {
    return (await this.certificates.list(staffId)).map(CertificateDto.from);
  }

  @Post('staff/:id/certificates')
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Record a certificate (admin)',
    description:
      'Starts its certificationWorkflow: a reminder to the engineer and their supervisor 30 days before expiry; ' +
      'at expiry the engineer leaves the assignment pool for its product lines and their open cases are ' +
      'flagged for reassignment. An expiry before the issue date (or in the past) is a 422.',
  })
  @ApiCreatedResponse({ type: CertificateDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') staffId: string,
    @Body() body: CreateCertificateDto,
    @Ip() ip: string,
  ): Promise<CertificateDto> {
    return CertificateDto.from(await this.certificates.create(user, staffId, body, ip));
  }

  @Get('certificates/:id')
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOperation({ summary: 'One certificate (supervisor, quality, admin)' })
  @ApiOkResponse({ type: CertificateDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id') id: string): Promise<CertificateDto> {
    return CertificateDto.from(await this.certificates.get(id));
  }

  @Post('certificates/:id/renew')
  @Roles(Role.Admin)
  @AuditedChange()
  @HttpCode(200)
  @ApiOperation({ summary: 'Renew a certificate: a new expiry; its workflow re-plans (admin)' })
  @ApiOkResponse({ type: CertificateDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Expired or revoked' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async renew(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: RenewCertificateDto,
    @Ip() ip: string,
  ): Promise<CertificateDto> {
    return CertificateDto.from(await this.certificates.renew(user, id, body, ip));
  }

  @Post('certificates/:id/revoke')
  @Roles(Role.Admin)
  @AuditedChange()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke a certificate (admin)',
    description: 'The engineer leaves the pool at once; their open cases are flagged for reassignment.',
  })
  @ApiOkResponse({ type: CertificateDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already expired' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async revoke(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: RevokeCertificateDto,
    @Ip() ip: string,
  ): Promise<CertificateDto> {
    return CertificateDto.from(await this.certificates.revoke(user, id, body, ip));
  }

  @Get('product-lines')
  @ApiOperation({ summary: 'Product lines certificates cover (any signed-in user)' })
  @ApiOkResponse({ type: ProductLineDto, isArray: true })
  async productLines(): Promise<ProductLineDto[]> {
    return (await this.certificates.listProductLines()).map(ProductLineDto.from);
  }

  @Put('product-lines/:id')
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({ summary: 'Create or change a product line (admin)' })
  @ApiOkResponse({ type: ProductLineDto, description: 'Changed' })
  @ApiCreatedResponse({ type: ProductLineDto, description: 'Created' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async putProductLine(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: ProductLineIdParam,
    @Body() body: PutProductLineDto,
    @Ip() ip: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProductLineDto> {
    const { line, created } = await this.certificates.putProductLine(user, params.id, body, ip);
    response.status(created ? 201 : 200);
    return ProductLineDto.from(line);
  }
}
