import { Controller, Get, Headers, NotAcceptableException, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiNotAcceptableResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/decorators';
import { ErrorResponseDto } from '../common/errors';
import { LiveEventsService } from './live-events.service';

@ApiTags('events')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('events')
export class LiveEventsController {
  constructor(private readonly live: LiveEventsService) {}

  @Get()
  @ApiOperation({
    summary: 'Live changes of what I may read (Server-Sent Events; any signed-in user)',
    description:
      'A text/event-stream of `change` events, each `{ kind, ref, caseNumber, complaintNumber }` with an `id`: ' +
      'kind is case, commitment, callback, complaint, escalation or inbox; ref is the number, or the ' +
      'escalation’s or message’s id. Only changes the lists would show the caller. Send `Last-Event-ID` ' +
      '(EventSource does on reconnecting) to receive what changed since; `event: reset` means that is no ' +
      'longer known (refetch everything). Comment lines every 15 s keep it open; the stream ends after 15 ' +
      'minutes and the browser reconnects (signed in again).',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The last event id received' })
  @ApiOkResponse({
    description: 'The stream',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiNotAcceptableResponse({
    type: ErrorResponseDto,
    description: 'Accept does not include text/event-stream',
  })
  async stream(
    @CurrentUser() user: AuthenticatedUser,
    @Headers('accept') accept: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (!accept?.includes('text/event-stream')) {
      throw new NotAcceptableException(
        'This route answers a stream of events: send "Accept: text/event-stream" (EventSource does).',
      );
    }
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    // nginx and similar proxies would otherwise buffer the stream.
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    request.socket.setNoDelay(true);
    request.socket.setKeepAlive(true);
    // The browser may go while the log is still being replayed: the stream is ended as soon as it is open.
    let gone = false;
    let stop: (() => void) | undefined = undefined;
    response.on('close', () => {
      gone = true;
      stop?.();
    });
    const end = await this.live.subscribe(user, lastEventId?.trim() || undefined, {
      write: (chunk) => {
        if (!response.writableEnded) response.write(chunk);
      },
      end: () => {
        if (!response.writableEnded) response.end();
      },
    });
    stop = end;
    if (gone) end();
  }
}
