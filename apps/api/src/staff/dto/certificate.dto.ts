import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { certificationWorkflowId } from '@caseflow/domain';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import {
  CERTIFICATE_STATES,
  type CertificateEntity,
  type CertificateState,
  type ProductLineEntity,
} from '@caseflow/persistence';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateCertificateDto {
  @ApiProperty({ example: ['servers', 'storage'], description: 'Product line ids (GET /api/product-lines)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  productLines: string[];

  @ApiProperty({ format: 'date-time', example: '2026-01-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  issuedAt: string;

  @ApiProperty({ format: 'date-time', example: '2027-01-01T00:00:00Z', description: 'After issuedAt' })
  @IsISO8601({ strict: true })
  expiresAt: string;
}

export class RenewCertificateDto {
  @ApiProperty({ format: 'date-time', description: 'The new expiry: after the issue date and in the future' })
  @IsISO8601({ strict: true })
  expiresAt: string;

  @ApiPropertyOptional({
    maxLength: 2000,
    example: 'Passed the re-examination on 2027-01-10',
    description:
      'Why: required to renew an expired certificate (the decision is recorded on it and audited); optional otherwise',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;
}

export class RevokeCertificateDto {
  @ApiProperty({ example: 'Failed the annual audit' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class CertificateDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  staffId: string;

  @ApiProperty({ example: ['servers'] })
  productLines: string[];

  @ApiProperty({ format: 'date-time' })
  issuedAt: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ enum: CERTIFICATE_STATES })
  state: CertificateState;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  revokedAt: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  revocationReason: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  remindedAt: string | null;

  @ApiProperty({ example: 'certificate-5f0c…', description: 'Its certificationWorkflow' })
  workflowId: string;

  static from(cert: CertificateEntity): CertificateDto {
    return {
      id: cert.id,
      staffId: cert.staffId,
      productLines: cert.productLines,
      issuedAt: cert.issuedAt.toISOString(),
      expiresAt: cert.expiresAt.toISOString(),
      state: cert.state,
      revokedAt: cert.revokedAt?.toISOString() ?? null,
      revocationReason: cert.revocationReason,
      remindedAt: cert.remindedAt?.toISOString() ?? null,
      workflowId: certificationWorkflowId(cert.id),
    };
  }
}

export class PutProductLineDto {
  @ApiProperty({ example: 'Servers' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({
    example: ['R7', 'PowerEdge '],
    description: 'A case’s product starting with one (any case) is of this line',
  })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  modelPrefixes: string[];
}

export const PRODUCT_LINE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export class ProductLineIdParam {
  @Matches(PRODUCT_LINE_ID, { message: 'a product line id is 1–64 lower-case letters, digits, _ or -' })
  id: string;
}

export class ProductLineDto {
  @ApiProperty({ example: 'servers' })
  id: string;

  @ApiProperty({ example: 'Servers' })
  name: string;

  @ApiProperty({ example: ['R7'] })
  modelPrefixes: string[];

  static from(line: ProductLineEntity): ProductLineDto {
    return { id: line.id, name: line.name, modelPrefixes: line.modelPrefixes };
  }
}
