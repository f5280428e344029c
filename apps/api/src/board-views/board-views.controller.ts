import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { BoardViewsService } from './board-views.service';
import { BoardViewDto, CreateBoardViewDto, MAX_BOARD_VIEWS } from './dto/board-view.dto';

@ApiTags('board views')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('board-views')
export class BoardViewsController {
  constructor(private readonly views: BoardViewsService) {}

  @Get()
  @ApiOperation({ summary: 'One’s own saved board views, oldest first (any signed-in user)' })
  @ApiOkResponse({ type: BoardViewDto, isArray: true })
  list(@CurrentUser() user: AuthenticatedUser): Promise<BoardViewDto[]> {
    return this.views.list(user);
  }

  @Post()
  @ApiOperation({
    summary: 'Save the board’s filters under a name (any signed-in user, for themselves)',
    description:
      `At most ${MAX_BOARD_VIEWS} views per person, names unique per person regardless of case (422 naming ` +
      '`name`). The query is checked as GET /api/cases checks it (422 naming `query`); `page` is dropped. ' +
      'A personal preference, not an admin change: not audited.',
  })
  @ApiCreatedResponse({ type: BoardViewDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateBoardViewDto): Promise<BoardViewDto> {
    return this.views.create(user, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of one’s own board views (any signed-in user)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such view of yours' })
  remove(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<void> {
    return this.views.remove(user, id);
  }
}
