import { Module } from '@nestjs/common';
import { CustomersController, RetentionController } from './customers.controller';
import { CustomersService } from './customers.service';

@Module({
  controllers: [CustomersController, RetentionController],
  providers: [CustomersService],
  exports: [CustomersService],
})
export class CustomersModule {}
