import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationTemplateEntity } from '@caseflow/persistence';
import { StaffModule } from '../staff/staff.module';
import { notificationDispatcherProvider, NOTIFICATION_DISPATCHER } from './notification-delivery.provider';
import { NotificationTemplatesController } from './notification-templates.controller';
import { NotificationTemplatesService } from './notification-templates.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [TypeOrmModule.forFeature([NotificationTemplateEntity]), StaffModule],
  controllers: [NotificationsController, NotificationTemplatesController],
  providers: [NotificationsService, NotificationTemplatesService, notificationDispatcherProvider],
  exports: [NOTIFICATION_DISPATCHER, NotificationsService],
})
export class NotificationsModule {}
