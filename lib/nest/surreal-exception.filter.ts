import {
  Catch,
  HttpStatus,
  Optional,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NotUniqueError } from '../model/database-errors.js';
import { DoesNotExistError } from '../model/model.errors.js';
import { InvalidRecordIdError } from '../model/record-id-input.js';
import { ValidationError } from '../model/validation.error.js';
import { InvalidQueryError } from '../query/query.errors.js';

type MappedError =
  | ValidationError
  | InvalidQueryError
  | InvalidRecordIdError
  | DoesNotExistError
  | NotUniqueError;

/**
 * Turns the library's errors about a request into HTTP answers instead of 500s: invalid documents, unknown filter
 * fields and ids of another table -> 400 (a `ValidationError` lists each field and rule, never the value),
 * `DoesNotExistError` -> 404, a unique value already taken (`NotUniqueError`) -> 409. Other errors pass untouched
 * to Nest's own handling. Register it for the app: `{ provide: APP_FILTER, useClass: SurrealExceptionFilter }`.
 */
@Catch(
  ValidationError,
  InvalidQueryError,
  InvalidRecordIdError,
  DoesNotExistError,
  NotUniqueError,
)
export class SurrealExceptionFilter implements ExceptionFilter<MappedError> {
  /** Nest injects the HTTP adapter (Express or Fastify); without it an Express-style response is assumed. */
  constructor(@Optional() private readonly adapterHost?: HttpAdapterHost) {}

  catch(error: MappedError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<unknown>();
    const [statusCode, label] = statusOf(error);
    const body = {
      statusCode,
      error: label,
      message: error.message,
      ...(error instanceof ValidationError
        ? {
            errors: error.errors.map(({ field, rule, message }) => ({
              field,
              rule,
              message,
            })),
          }
        : {}),
    };
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter) {
      adapter.reply(response, body, statusCode);
      return;
    }
    (response as ExpressLike).status(statusCode).json(body);
  }
}

/** The little of an Express response the filter needs when no adapter was injected. */
interface ExpressLike {
  status(code: number): { json(body: unknown): unknown };
}

function statusOf(error: MappedError): [number, string] {
  if (error instanceof DoesNotExistError) {
    return [HttpStatus.NOT_FOUND, 'Not Found'];
  }
  if (error instanceof NotUniqueError) return [HttpStatus.CONFLICT, 'Conflict'];
  return [HttpStatus.BAD_REQUEST, 'Bad Request'];
}
