import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Role } from '@caseflow/domain';
import { Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { AuditService } from './audit.service';
import { AuditPageDto, ListAuditQuery } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'The audit log (admin)',
    description:
      'Sign-ins (success and failure), refused authorisations, admin changes, supervision decisions and every ' +
      'change of a case’s state; newest first. Filters combine with AND. The log is append-only.',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  list(@Query() query: ListAuditQuery): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
