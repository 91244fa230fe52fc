import { Controller, Get } from '@nestjs/common';
import { AnalyticsService, type EventCounts } from './analytics.service.js';

/** `GET /analytics/events`: counts of recorded events by kind. */
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('events')
  events(): Promise<EventCounts> {
    return this.analytics.counts();
  }
}
