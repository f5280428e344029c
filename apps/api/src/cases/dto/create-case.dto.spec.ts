import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { formatValidationErrors } from '../../common/validation/validation';
import { CreateCaseDto } from './create-case.dto';

const valid = {
  kind: 'service_request',
  channel: 'phone',
  category: 'technical',
  customer: { name: 'Li Lei', phone: '13800138000', tier: 'standard' },
  description: 'Paper jam',
};

async function errorsOf(body: object) {
  const dto = plainToInstance(CreateCaseDto, body);
  return {
    dto,
    errors: formatValidationErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true })),
  };
}

describe('CreateCaseDto', () => {
  it('accepts a minimal intake and normalises the phone', async () => {
    const { dto, errors } = await errorsOf({
      ...valid,
      customer: { ...valid.customer, phone: '+86 138 0013 8000' },
    });
    expect(errors).toEqual({});
    expect(dto.customer?.phone).toBe('+8613800138000');
  });

  it.each(['12345', '+86 (138) 00138000', 'one two three', '1'.repeat(21)])(
    'refuses the phone "%s"',
    async (phone) => {
      const { errors } = await errorsOf({ ...valid, customer: { ...valid.customer, phone } });
      expect(Object.keys(errors)).toEqual(['customer.phone']);
    },
  );

  it('tolerates a minute of client clock skew, not more', async () => {
    const soon = new Date(Date.now() + 30_000).toISOString();
    const later = new Date(Date.now() + 5 * 60_000).toISOString();
    expect((await errorsOf({ ...valid, receivedAt: soon })).errors).toEqual({});
    expect((await errorsOf({ ...valid, receivedAt: later })).errors).toEqual({
      receivedAt: ['receivedAt must not be in the future'],
    });
  });

  it('accepts a call from 23 h ago, refuses one from 25 h ago', async () => {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    expect((await errorsOf({ ...valid, receivedAt: hoursAgo(23) })).errors).toEqual({});
    expect(Object.keys((await errorsOf({ ...valid, receivedAt: hoursAgo(25) })).errors)).toEqual([
      'receivedAt',
    ]);
  });
});
