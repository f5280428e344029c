// Every TypeORM entity, listed explicitly so the same list works from source and from the build.
import { UserEntity } from './user.entity';

export * from './user.entity';

export const ENTITIES: (new () => object)[] = [UserEntity];
