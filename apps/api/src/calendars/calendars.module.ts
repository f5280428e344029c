import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { text } from 'express';
import { SlaPoliciesModule } from '../sla-policies/sla-policies.module';
import { CalendarsController, MAX_ICS_BYTES } from './calendars.controller';
import { CalendarsService } from './calendars.service';

@Module({
  imports: [SlaPoliciesModule],
  controllers: [CalendarsController],
  providers: [CalendarsService],
})
export class CalendarsModule implements NestModule {
  /** A holiday file may also be sent as the body itself (`Content-Type: text/calendar`). */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(text({ type: 'text/calendar', limit: MAX_ICS_BYTES }))
      .forRoutes({ path: 'calendars/:id/holidays/import', method: RequestMethod.POST });
  }
}
