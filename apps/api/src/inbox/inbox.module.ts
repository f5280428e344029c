import { Module } from '@nestjs/common';
import { StaffModule } from '../staff/staff.module';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';

@Module({ imports: [StaffModule], controllers: [InboxController], providers: [InboxService] })
export class InboxModule {}
