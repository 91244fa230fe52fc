import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection, type SurrealConnection } from 'nestjs-surrealengine';

/** Counts of recorded events, by kind. */
export type EventCounts = Record<string, number>;

/**
 * Records what happens in the app on the separate `analytics` connection (an in-memory database), so
 * bookkeeping never competes with the users' data.
 */
@Injectable()
export class AnalyticsService {
  private readonly logger = new Logger(AnalyticsService.name);

  constructor(
    @InjectConnection('analytics')
    private readonly connection: SurrealConnection,
  ) {}

  /** Records one event; a failure is logged, never passed on to the request that caused it. */
  async record(kind: string, subject?: string): Promise<void> {
    try {
      await this.connection.query(
        'CREATE event SET kind = $kind, subject = $subject, at = time::now()',
        { kind, subject: subject ?? null },
      );
    } catch (error) {
      this.logger.warn(
        `could not record event "${kind}": ${(error as Error).message}`,
      );
    }
  }

  /** How many events of each kind were recorded. */
  async counts(): Promise<EventCounts> {
    try {
      const [rows] = await this.connection.query<
        [{ kind: string; count: number }[]]
      >('SELECT kind, count() AS count FROM event GROUP BY kind');
      return Object.fromEntries(rows.map((row) => [row.kind, row.count]));
    } catch (error) {
      // Nothing recorded yet: SurrealDB 3 reports the table as missing.
      if (/does not exist/.test((error as Error).message)) return {};
      throw error;
    }
  }
}
