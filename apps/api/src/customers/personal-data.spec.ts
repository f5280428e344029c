import { Role } from '@caseflow/domain';
import { maskAddress, maskPersonalData, maskPhone, personalDataViewOf } from './personal-data';

describe('personal data by role', () => {
  it('shows the hotline, engineers and supervisors everything, quality the phone only, admins neither', () => {
    expect(personalDataViewOf([Role.Operator])).toEqual({ phone: true, address: true });
    expect(personalDataViewOf([Role.Engineer])).toEqual({ phone: true, address: true });
    expect(personalDataViewOf([Role.Supervisor])).toEqual({ phone: true, address: true });
    expect(personalDataViewOf([Role.Quality])).toEqual({ phone: true, address: false });
    expect(personalDataViewOf([Role.Admin])).toEqual({ phone: false, address: false });
  });

  it('gives a user with several roles what the most trusted of them may see', () => {
    expect(personalDataViewOf([Role.Admin, Role.Quality])).toEqual({ phone: true, address: false });
    expect(personalDataViewOf([])).toEqual({ phone: false, address: false });
  });

  it('keeps the last four digits of a phone and the city and district of an address', () => {
    expect(maskPhone('+8613800138000')).toBe('+86138****8000');
    expect(maskPhone('1234567')).toBe('***4567');
    expect(maskAddress('上海市浦东新区世纪大道 100 号')).toBe('上海市浦东新****');
    expect(maskAddress('短')).toBe('****');
  });

  it('masks phones, phone lists, e-mails and addresses at any depth, and nothing else', () => {
    const answer = {
      items: [{ customer: { name: 'Li', phone: '+8613800138000', address: '上海市浦东新区世纪大道' } }],
      contacts: [{ name: 'Li', phones: ['+8613800138000'], emails: ['li@example.com'] }],
      at: new Date(0),
    };
    expect(maskPersonalData(answer, { phone: false, address: false })).toEqual({
      items: [{ customer: { name: 'Li', phone: '+86138****8000', address: '上海市浦东新****' } }],
      contacts: [{ name: 'Li', phones: ['+86138****8000'], emails: ['l***@example.com'] }],
      at: new Date(0),
    });
    expect(maskPersonalData(answer, { phone: true, address: true })).toBe(answer);
  });
});
