import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, ValidationError } from 'class-validator';
import { DomainError, DomainErrorCode } from '@caseflow/domain';
import { CreateBranchDto, UpdateBranchDto } from '../../branches/dto/branch.dto';
import { CreateStaffDto } from '../../staff/dto/create-staff.dto';
import { CreateUserDto } from '../../users/dto/create-user.dto';
import { IsDecimalNumber } from './decimal';
import { IntParamPipe } from './int-param.pipe';
import { MAX_PAGE, MAX_PAGE_SIZE, PageQuery } from './page.query';
import { MAX_TEXT_LENGTH } from './safe-text';
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

  it('refuses a page number so large that its row offset would overflow (it answered 500)', async () => {
    const error = await rejection({ q: 'x', page: '99999999999999999999' }, ListThings);
    expect(Object.keys(error.details!.errors as object)).toEqual(['page']);
    await expect(
      createValidationPipe().transform(
        { q: 'x', page: String(MAX_PAGE) },
        { type: 'query', metatype: ListThings },
      ),
    ).resolves.toMatchObject({ page: MAX_PAGE });
  });

  it('turns the query string into numbers', async () => {
    const query = (await createValidationPipe().transform(
      { q: 'x', page: '2', pageSize: '50' },
      { type: 'query', metatype: ListThings },
    )) as ListThings;
    expect(query).toMatchObject({ q: 'x', page: 2, pageSize: 50 });
  });
});

describe('text no field can hold', () => {
  const pipe = createValidationPipe();

  async function refusal(value: unknown, metadata: Parameters<typeof pipe.transform>[1]) {
    try {
      await pipe.transform(value, metadata);
    } catch (error) {
      return (error as DomainError).details?.errors as Record<string, string[]>;
    }
    throw new Error('expected the value to be refused');
  }

  it('refuses a NUL byte in a nested body field, naming the field, before the DTO rules run', async () => {
    const errors = await refusal(
      { quantity: 1, address: { city: 'He\u0000fei' } },
      { type: 'body', metatype: Order },
    );
    expect(errors).toEqual({ 'address.city': ['address.city must not contain a NUL character (U+0000)'] });
  });

  it('refuses an unpaired surrogate and a C1 control character, but keeps tab, line feed and carriage return', async () => {
    expect(Object.keys(await refusal({ city: 'a\ud800b' }, { type: 'body', metatype: Address }))).toEqual([
      'city',
    ]);
    expect(Object.keys(await refusal({ city: 'a\u0085' }, { type: 'body', metatype: Address }))).toEqual([
      'city',
    ]);
    expect(Object.keys(await refusal({ city: 'a\u001b[31m' }, { type: 'body', metatype: Address }))).toEqual([
      'city',
    ]);
    await expect(
      pipe.transform({ city: 'line\tone\r\nline two 😀 合肥' }, { type: 'body', metatype: Address }),
    ).resolves.toMatchObject({
      city: 'line\tone\r\nline two 😀 合肥',
    });
  });

  it('refuses a string longer than any field may be, naming the field, even without the DTO saying so', async () => {
    const errors = await refusal(
      { city: 'x'.repeat(MAX_TEXT_LENGTH + 1) },
      { type: 'body', metatype: Address },
    );
    expect(errors.city[0]).toMatch(/^city must be at most 100000 characters/);
  });

  it('names the path parameter or query field that holds the bad text', async () => {
    expect(await refusal('abc\u0000', { type: 'param', data: 'number', metatype: String })).toEqual({
      number: ['number must not contain a NUL character (U+0000)'],
    });
    expect(Object.keys(await refusal({ q: 'x\u0007' }, { type: 'query', metatype: Object }))).toEqual(['q']);
  });
});

describe('IntParamPipe', () => {
  const pipe = new IntParamPipe();

  it('turns a numbered path segment into a number', () => {
    expect(pipe.transform('12', { type: 'param', data: 'version' })).toBe(12);
  });

  it.each(['abc', '0', '-1', '1.5', '99999999999999999999', '2147483648', ''])(
    'refuses %p with a 422 naming the parameter',
    (value) => {
      let error: DomainError | undefined;
      try {
        pipe.transform(value, { type: 'param', data: 'version' });
      } catch (caught) {
        error = caught as DomainError;
      }
      expect(error?.code).toBe(DomainErrorCode.ValidationFailed);
      expect(Object.keys(error?.details?.errors as object)).toEqual(['version']);
    },
  );
});

describe('IsDecimalNumber', () => {
  class Fine {
    @ApiProperty()
    @IsDecimalNumber(2)
    amount: number;
  }

  it('accepts a number with up to the given decimal places', async () => {
    await expect(
      createValidationPipe().transform({ amount: 200.5 }, { type: 'body', metatype: Fine }),
    ).resolves.toMatchObject({ amount: 200.5 });
  });

  it.each([9e-323, 1e-7, 0.125, 0.30000000000000004, Infinity, '1'])(
    'refuses %p naming the field (an exponent used to crash class-validator: a 500)',
    async (amount) => {
      const error = await rejection({ amount }, Fine);
      expect(error.details?.errors).toEqual({
        amount: ['amount must be a number with at most 2 decimal places'],
      });
    },
  );
});

describe('RequiredHere', () => {
  it('makes a create DTO refuse a missing field that its parent, the update DTO, may omit', async () => {
    const branch = await rejection({ id: 'gz' }, CreateBranchDto);
    expect(Object.keys(branch.details?.errors as object)).toEqual(['name']);
    const staff = await rejection({}, CreateStaffDto);
    expect(Object.keys(staff.details?.errors as object).sort()).toEqual(['name', 'role']);
    await expect(
      createValidationPipe().transform({}, { type: 'body', metatype: UpdateBranchDto }),
    ).resolves.toBeInstanceOf(UpdateBranchDto);
  });
});
