import { Global, Module } from '@nestjs/common';
import { ForbiddenPhrasesController } from './forbidden-phrases.controller';
import { ForbiddenPhrasesService } from './forbidden-phrases.service';

/** Global: every feature that sends words to a customer checks them here first. */
@Global()
@Module({
  controllers: [ForbiddenPhrasesController],
  providers: [ForbiddenPhrasesService],
  exports: [ForbiddenPhrasesService],
})
export class ForbiddenPhrasesModule {}
