import { Module } from '@nestjs/common';
import { BoardViewsController } from './board-views.controller';
import { BoardViewsService } from './board-views.service';

@Module({
  controllers: [BoardViewsController],
  providers: [BoardViewsService],
})
export class BoardViewsModule {}
