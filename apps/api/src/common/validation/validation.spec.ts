import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, ValidationError } from 'class-validator';
import { DomainError, DomainErrorCode } from '@caseflow/domain';
import { CreateUserDto } from '../../users/dto/create-user.dto';
import { MAX_PAGE_SIZE, PageQuery } from './page.query';
import { createValidationPipe, formatValidationErrors } from './validation';

class Address {
  @ApiProperty()
  @IsString()
  city: string;
}

class Order {
  @ApiProperty()
  @IsInt()
  @Min(1)
  quantity: number;

  @ApiProperty({ type: Address })
  @ValidateNested()
  @Type(() => Address)
  address: Address;
}

async function rejection(body: unknown, metatype: new () => object): Promise<DomainError> {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype });
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the body to be rejected');
}

describe('formatValidationErrors', () => {
  it('lists every message of a field under the field name', () => {
    const error = Object.assign(new ValidationError(), {
      property: 'password',
      constraints: { minLength: 'too short', maxBytes: 'too long' },
      children: [],
    });
    expect(formatValidationErrors([error])).toEqual({ password: ['too short', 'too long'] });
  });

  it('names nested fields by their dotted path', () => {
    const city = Object.assign(new ValidationError(), {
      property: 'city',
      constraints: { isString: 'bad city' },
    });
    const address = Object.assign(new ValidationError(), { property: 'address', children: [city] });
    expect(formatValidationErrors([address])).toEqual({ 'address.city': ['bad city'] });
  });
});

describe('the validation pipe', () => {
  it('rejects with VALIDATION_FAILED naming each bad field, nested ones by path', async () => {
    const error = await rejection({ quantity: 0, address: { city: 7 } }, Order);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(DomainErrorCode.ValidationFailed);
    expect(error.message).toBe('Validation failed');
    expect(error.details?.errors).toEqual({
      quantity: ['quantity must not be less than 1'],
      'address.city': ['city must be a string'],
    });
  });

  it('refuses unknown fields instead of silently dropping them, at any depth', async () => {
    const error = await rejection(
      { quantity: 1, address: { city: 'Hefei', zip: '230000' }, rush: true },
      Order,
    );
    expect(error.details?.errors).toEqual({
      rush: ['property rush should not exist'],
      'address.zip': ['property zip should not exist'],
    });
  });

  it('turns a valid body into an instance of the DTO', async () => {
    const body = {
      username: 'li.wei',
      displayName: 'Li Wei',
      password: 'long-enough-pw',
      roles: ['operator'],
    };
    const result: unknown = await createValidationPipe().transform(body, {
      type: 'body',
      metatype: CreateUserDto,
    });
    expect(result).toBeInstanceOf(CreateUserDto);
  });
});

describe('PageQuery', () => {
  class ListThings extends PageQuery {
    @ApiProperty()
    @IsString()
    q: string;
  }

  it('a list query that extends it checks paging as well as its own filters', async () => {
    const error = await rejection({ q: 7, page: '0', pageSize: String(MAX_PAGE_SIZE + 1) }, ListThings);
    expect(Object.keys(error.details!.errors as object).sort()).toEqual(['page', 'pageSize', 'q']);
  });

  it('turns the query string into numbers', async () => {
    const query = (await createValidationPipe().transform(
      { q: 'x', page: '2', pageSize: '50' },
      { type: 'query', metatype: ListThings },
    )) as ListThings;
    expect(query).toMatchObject({ q: 'x', page: 2, pageSize: 50 });
  });
});
