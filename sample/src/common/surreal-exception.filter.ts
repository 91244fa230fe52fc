import {
  Catch,
  HttpStatus,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import {
  DoesNotExistError,
  InvalidQueryError,
  NotUniqueError,
  ValidationError,
} from 'nestjs-surrealengine';

/** The little of Express's response this filter uses (the app runs on @nestjs/platform-express). */
interface JsonResponse {
  status(code: number): { json(body: unknown): unknown };
}

type MappedError =
  ValidationError | DoesNotExistError | NotUniqueError | InvalidQueryError;

/**
 * Turns the library's errors into HTTP answers: invalid data and bad filters -> 400 (naming the fields),
 * unknown ids -> 404, unique values already taken -> 409. Anything else stays a 500.
 */
@Catch(ValidationError, DoesNotExistError, NotUniqueError, InvalidQueryError)
export class SurrealExceptionFilter implements ExceptionFilter<MappedError> {
  catch(error: MappedError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<JsonResponse>();
    const [status, label] = statusOf(error);
    response.status(status).json({
      statusCode: status,
      error: label,
      message: error.message,
      // Each failed rule with its field; the rejected value itself is never echoed.
      ...(error instanceof ValidationError
        ? {
            errors: error.errors.map(({ field, rule, message }) => ({
              field,
              rule,
              message,
            })),
          }
        : {}),
    });
  }
}

function statusOf(error: MappedError): [number, string] {
  if (error instanceof DoesNotExistError) {
    return [HttpStatus.NOT_FOUND, 'Not Found'];
  }
  if (error instanceof NotUniqueError) return [HttpStatus.CONFLICT, 'Conflict'];
  return [HttpStatus.BAD_REQUEST, 'Bad Request'];
}
