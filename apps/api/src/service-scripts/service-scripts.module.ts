import { Module } from '@nestjs/common';
import { ServiceScriptsController } from './service-scripts.controller';
import { ServiceScriptsService } from './service-scripts.service';

@Module({ controllers: [ServiceScriptsController], providers: [ServiceScriptsService] })
export class ServiceScriptsModule {}
