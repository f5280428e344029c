import { Role } from '@caseflow/domain';

/** Who is calling, attached to the request by the auth guard; roles are read fresh from the database. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  roles: Role[];
  /** users.language: error answers follow it. */
  language?: 'zh-CN' | 'en';
}

/** What an access token carries. Roles are deliberately absent: a role change applies at once. */
export interface AccessTokenPayload {
  sub: string;
  username: string;
  /** The account's token version at sign-in (absent: 0); a token with an older one is refused. */
  ver?: number;
}
