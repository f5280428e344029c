import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
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
import {
  CheckTextDto,
  CheckTextResultDto,
  CreateForbiddenPhraseDto,
  ForbiddenPhraseDto,
  UpdateForbiddenPhraseDto,
} from './dto/forbidden-phrase.dto';
import { ForbiddenPhrasesService } from './forbidden-phrases.service';

@ApiTags('service standards')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('forbidden-phrases')
export class ForbiddenPhrasesController {
  constructor(private readonly phrases: ForbiddenPhrasesService) {}

  @Get()
  @ApiOperation({
    summary: 'The phrases the standards forbid, with the alternative to say (any signed-in user)',
  })
  @ApiOkResponse({ type: ForbiddenPhraseDto, isArray: true })
  async list(): Promise<ForbiddenPhraseDto[]> {
    return (await this.phrases.list()).map(ForbiddenPhraseDto.from);
  }

  @Post('check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a text meant for a customer before saving or sending it (any signed-in user)',
  })
  @ApiOkResponse({ type: CheckTextResultDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async check(@Body() body: CheckTextDto): Promise<CheckTextResultDto> {
    const hits = await this.phrases.check({ text: body.text });
    return { clean: hits.length === 0, hits };
  }

  @Post()
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({ summary: 'Forbid a phrase, with its standard alternative (admin, audited)' })
  @ApiCreatedResponse({ type: ForbiddenPhraseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The phrase is already forbidden' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateForbiddenPhraseDto,
    @Ip() ip: string,
  ): Promise<ForbiddenPhraseDto> {
    return ForbiddenPhraseDto.from(await this.phrases.create(user, body, ip));
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({ summary: 'Change a forbidden phrase or its alternative (admin, audited)' })
  @ApiOkResponse({ type: ForbiddenPhraseDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The new words are already forbidden' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: UpdateForbiddenPhraseDto,
    @Ip() ip: string,
  ): Promise<ForbiddenPhraseDto> {
    return ForbiddenPhraseDto.from(await this.phrases.update(user, id, body, ip));
  }

  @Delete(':id')
  @Roles(Role.Admin)
  @AuditedChange()
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop forbidding a phrase (admin, audited)' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Ip() ip: string,
  ): Promise<void> {
    await this.phrases.remove(user, id, ip);
  }
}
