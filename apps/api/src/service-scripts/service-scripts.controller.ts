import { Body, Controller, Get, Ip, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
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
import {
  PutServiceTypeDto,
  PutStandardPhraseDto,
  ServiceTypeDto,
  StandardPhraseDto,
} from './dto/service-scripts.dto';
import { ServiceScriptsService } from './service-scripts.service';

@ApiTags('service standards')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller()
export class ServiceScriptsController {
  constructor(private readonly scripts: ServiceScriptsService) {}

  @Get('service-catalogue')
  @ApiOperation({
    summary:
      'Per service type: documents to collect, forms to fill, what to tell the customer (any signed-in user)',
  })
  @ApiOkResponse({ type: ServiceTypeDto, isArray: true })
  catalogue(): Promise<ServiceTypeDto[]> {
    return this.scripts.catalogue();
  }

  @Put('service-catalogue/:serviceType')
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Change a service type’s checklist and words, zh-CN and en (admin; audited)',
    description:
      'The customer-facing words are checked against the forbidden phrases (422 naming the field).',
  })
  @ApiOkResponse({ type: ServiceTypeDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  putServiceType(
    @CurrentUser() user: AuthenticatedUser,
    @Param('serviceType') serviceType: string,
    @Body() body: PutServiceTypeDto,
    @Ip() ip: string,
  ): Promise<ServiceTypeDto> {
    return this.scripts.putServiceType(user, serviceType, body, ip);
  }

  @Get('standard-phrases')
  @ApiOperation({
    summary:
      'The standard phrase for each situation of a call: greeting, asking to wait (and how long), transferring, ' +
      'taking a message, closing, apologising, accepting a complaint (any signed-in user)',
  })
  @ApiOkResponse({ type: StandardPhraseDto, isArray: true })
  standardPhrases(): Promise<StandardPhraseDto[]> {
    return this.scripts.standardPhrases();
  }

  @Put('standard-phrases/:situation')
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Change a situation’s standard phrase, zh-CN and en (admin; audited)',
    description:
      'Only the situation’s placeholders (`placeholders`) may be used; forbidden phrases are refused (422 naming the field).',
  })
  @ApiOkResponse({ type: StandardPhraseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  putStandardPhrase(
    @CurrentUser() user: AuthenticatedUser,
    @Param('situation') situation: string,
    @Body() body: PutStandardPhraseDto,
    @Ip() ip: string,
  ): Promise<StandardPhraseDto> {
    return this.scripts.putStandardPhrase(user, situation, body, ip);
  }
}
