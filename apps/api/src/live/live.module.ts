import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { LiveEventsController } from './live-events.controller';
import { LiveEventsService } from './live-events.service';

@Module({ imports: [StaffModule], controllers: [LiveEventsController], providers: [LiveEventsService] })
export class LiveModule {}
