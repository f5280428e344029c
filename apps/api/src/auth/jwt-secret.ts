import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { CaseflowConfig } from '@caseflow/config';

/**
 * The configured secret, or (outside production) a random one for this process only: tokens then stop
 * working on restart and are not accepted by other replicas, which is why the warning says so.
 */
export function resolveJwtSecret(config: CaseflowConfig, logger = new Logger('Auth')): string {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  if (config.nodeEnv === 'production') throw new Error('JWT_SECRET is required when NODE_ENV=production');
  logger.warn(
    'JWT_SECRET is not set: using a random secret for this process. Access tokens will not survive a restart ' +
      'and are not shared between API replicas; set JWT_SECRET (32+ characters) to fix this.',
  );
  return randomBytes(32).toString('hex');
}
