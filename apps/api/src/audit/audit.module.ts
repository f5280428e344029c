import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AdminChangeAuditInterceptor } from './audited-change';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** Global: the guards, the sign-in and every feature write to the one audit log. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, { provide: APP_INTERCEPTOR, useClass: AdminChangeAuditInterceptor }],
  exports: [AuditService],
})
export class AuditModule {}
