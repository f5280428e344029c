import { Body, Controller, HttpCode, HttpStatus, Ip, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { AuthService } from './auth.service';
import { Public } from './decorators';
import { AccessTokenDto } from './dto/access-token.dto';
import { LoginDto } from './dto/login.dto';
import { clearSessionCookie, setSessionCookie } from './session-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in',
    description:
      'Returns an access token, and sets it as the console’s session cookie (httpOnly, SameSite=Strict, path /api; ' +
      'a change signed in by the cookie must also send the X-Caseflow-Client header). After too many failed ' +
      'attempts in a row for one username from one address, that username is locked for that address for a ' +
      'while, and an address that fails too often is locked out: 429 with Retry-After, the same answer whether ' +
      'the username exists or not.',
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Wrong username or password' })
  @ApiResponse({
    status: HttpStatus.TOO_MANY_REQUESTS,
    type: ErrorResponseDto,
    description:
      'Too many failed sign-ins (or attempts) from this address; Retry-After says for how many seconds',
  })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async login(
    @Body() body: LoginDto,
    @Ip() ip: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AccessTokenDto> {
    const answer = await this.auth.login(body.username, body.password, ip);
    setSessionCookie(req, res, answer.accessToken, answer.expiresIn);
    return answer;
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Sign out of the console',
    description:
      'Clears the session cookie. Public, so that an expired session can still sign out; a Bearer token is ' +
      'not revoked by this (it expires by itself).',
  })
  @ApiNoContentResponse({ description: 'The session cookie is cleared' })
  logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    clearSessionCookie(req, res);
  }
}
