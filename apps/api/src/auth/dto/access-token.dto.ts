import { ApiProperty } from '@nestjs/swagger';

export class AccessTokenDto {
  @ApiProperty({ description: 'Send it as "Authorization: Bearer <accessToken>"' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ example: 28800, description: 'Seconds until the token expires' })
  expiresIn: number;

  @ApiProperty({
    description:
      'An admin reset the password: until a new one is chosen (POST /api/users/me/password), every route but ' +
      'that one and GET /api/users/me answers 403',
  })
  mustChangePassword: boolean;
}
