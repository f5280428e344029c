import { Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { installedTracing } from '@caseflow/temporal';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ObservedStateService } from './observed-state.service';

/** Sends the spans still buffered when the API stops (the process's tracing itself outlives the app). */
@Injectable()
class FlushSpansOnShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await installedTracing()?.spanProcessor.forceFlush();
  }
}

/**
 * /metrics and the database figures /health shares. The app factory installs `observeRequests` (HTTP
 * timings and spans of every request) with this module's MetricsService.
 */
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, ObservedStateService, FlushSpansOnShutdown],
  exports: [ObservedStateService, MetricsService],
})
export class ObservabilityModule {}
