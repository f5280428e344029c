import { randomBytes } from 'node:crypto';
import { compare, hash } from 'bcryptjs';

// Deliberately slow: a stolen hash should cost an attacker ~a quarter second per guess.
export const BCRYPT_COST = 12;

// A hash of a random string nobody knows. Unknown usernames are checked against it so that they take as
// long to refuse as a wrong password, and response time does not reveal which usernames exist.
const DUMMY_HASH = '$2b$12$bOs7s7YLpt7i113c333cmOwPhX2VUO4gUlog5Ra4NEQ9f0cr55yga';

export function hashPassword(password: string): Promise<string> {
  return hash(password, BCRYPT_COST);
}

export function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  return compare(password, passwordHash);
}

/** Spends the same time as {@link verifyPassword}, and always fails. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await compare(password, DUMMY_HASH);
  return false;
}

/** 24 characters from a 144-bit random value. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
