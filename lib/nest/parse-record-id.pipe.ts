import {
  BadRequestException,
  Injectable,
  type PipeTransform,
} from '@nestjs/common';
import { RecordId } from 'surrealdb';
import type { ModelClass } from '../model/field-types.js';
import { getModelMetadata, isModelClass } from '../model/model-metadata.js';
import {
  InvalidRecordIdError,
  parseRecordIdInput,
} from '../model/record-id-input.js';

/** Options of `ParseRecordIdPipe`. */
export interface ParseRecordIdPipeOptions {
  /** What an id part may look like. Default: 1 to 128 letters, digits, `_` or `-` (what SurrealDB generates). */
  pattern?: RegExp;
}

const DEFAULT_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Turns a route param into a `RecordId` of one table (mongoose's `ParseObjectIdPipe`): it accepts the id part
 * (`x7f3...`, what a document's JSON `id` holds) or `table:idpart` of that table, and answers 400 for anything
 * else (another table, an empty or over-long param, characters outside `pattern`).
 *
 * ```ts
 * @Get(':id') get(@Param('id', new ParseRecordIdPipe(User)) id: RecordId) { return this.users.findById(id); }
 * ```
 */
@Injectable()
export class ParseRecordIdPipe implements PipeTransform<unknown, RecordId> {
  private readonly table: string;
  private readonly pattern: RegExp;

  /** `table` is a model class or a table name. */
  constructor(
    table: ModelClass | string,
    options: ParseRecordIdPipeOptions = {},
  ) {
    this.table = isModelClass(table)
      ? getModelMetadata(table).collection
      : table;
    this.pattern = options.pattern ?? DEFAULT_PATTERN;
  }

  transform(value: unknown): RecordId {
    if (typeof value !== 'string') {
      throw new BadRequestException(
        `a record id of table "${this.table}" must be given as text`,
      );
    }
    let id: RecordId;
    try {
      id = parseRecordIdInput(
        this.table,
        value,
        `record id of "${this.table}"`,
      );
    } catch (error) {
      if (error instanceof InvalidRecordIdError) {
        throw new BadRequestException(error.message);
      }
      throw error;
    }
    const part = id.id;
    if (typeof part !== 'string' && typeof part !== 'number') {
      throw new BadRequestException(
        `invalid record id of table "${this.table}"`,
      );
    }
    if (typeof part === 'string' && !this.pattern.test(part)) {
      // The value is not echoed: it may be anything a client sent.
      throw new BadRequestException(
        `invalid record id of table "${this.table}": expected ${this.pattern === DEFAULT_PATTERN ? '1 to 128 letters, digits, "_" or "-"' : `text matching ${String(this.pattern)}`}`,
      );
    }
    return id;
  }
}
