import { Body, Controller, HttpCode, HttpStatus, Ip, Post } from '@nestjs/common';
import {
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
      'Returns an access token. After too many failed attempts in a row for one username from one address, ' +
      'that username is locked for that address for a while, and an address that fails too often is locked ' +
      'out: 429 with Retry-After, the same answer whether the username exists or not.',
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
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<AccessTokenDto> {
    return this.auth.login(body.username, body.password, ip);
  }
}
