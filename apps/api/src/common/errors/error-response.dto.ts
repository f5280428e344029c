import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DomainErrorCode } from '@caseflow/domain';

export class ErrorResponseDto {
  @ApiProperty({ example: 404 })
  statusCode: number;

  @ApiProperty({ example: 'Not Found' })
  error: string;

  @ApiPropertyOptional({
    enum: [...Object.values(DomainErrorCode), 'SERVICE_UNAVAILABLE', 'INTERNAL_ERROR', 'PAYLOAD_TOO_LARGE'],
    description: 'Stable code a client can branch on',
  })
  code?: string;

  @ApiProperty({ example: 'User 5f0c… was not found.', description: 'What went wrong, for a person to read' })
  message: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Facts about the error' })
  details?: Record<string, unknown>;

  @ApiPropertyOptional({
    enum: ['not_applied', 'unknown'],
    description:
      'On 503/504 from a workflow outage: `not_applied` (nothing was done; send it again) or `unknown` ' +
      '(it may have been applied; send it again only with the same Idempotency-Key)',
  })
  outcome?: 'not_applied' | 'unknown';

  @ApiPropertyOptional({
    example: '0b6c3c5e-6d5f-4d8a-9d6e-3f1c2b7a9e10',
    description: 'Quote it when reporting',
  })
  requestId?: string;
}

export class ValidationErrorResponseDto extends ErrorResponseDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { password: ['password must be longer than or equal to 12 characters'] },
    description: 'Each bad field (dotted path for nested ones) with what is wrong with it',
  })
  errors: Record<string, string[]>;
}
