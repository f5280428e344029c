import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ObservedStateService } from './observed-state.service';

/**
 * /metrics and the database figures /health shares. The app factory installs `observeRequests` (HTTP
 * timings and spans of every request) with this module's MetricsService.
 */
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, ObservedStateService],
  exports: [ObservedStateService, MetricsService],
})
export class ObservabilityModule {}
