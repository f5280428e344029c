import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { DomainError } from '@caseflow/domain';
import { UserEntity } from '@caseflow/persistence';
import { hashPassword } from '../auth/passwords';
import { CreateUserDto } from './dto/create-user.dto';
import { UserDto } from './dto/user.dto';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  async create(input: CreateUserDto): Promise<UserDto> {
    const user = this.users.create({
      username: input.username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      roles: input.roles,
      language: input.language ?? 'zh-CN',
    });
    try {
      await this.users.insert(user);
    } catch (error) {
      // The unique index is the only reliable check: two admins may create the same name at once.
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === UNIQUE_VIOLATION
      ) {
        throw DomainError.conflict(`The username "${input.username}" is already taken.`, {
          field: 'username',
        });
      }
      throw error;
    }
    return this.get(user.id);
  }

  async list(): Promise<UserDto[]> {
    const users = await this.users.find({ order: { username: 'ASC' } });
    return users.map(UserDto.from);
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw DomainError.notFound(`User ${id} was not found.`, { id });
    return UserDto.from(user);
  }

  /** The user an access token names, if they may still use it. */
  findActive(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id, active: true });
  }
}
