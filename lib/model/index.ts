export { NotUniqueError } from './database-errors.js';
export * from './document.js';
export { EmbeddedDocument } from './embedded-document.js';
export { hydrate } from './document-hydrator.js';
export {
  DEFAULT_INSERT_CHUNK,
  type InsertOptions,
} from './document-persistence.js';
export * from './field-types.js';
export * from './field.decorators.js';
export * from './model-index-options.js';
export { validateFieldValue, valueKind } from './field-validation.js';
export { isSafeIdentifier } from './identifier.js';
export {
  getModelMetadata,
  isModelClass,
  type ModelMetadata,
} from './model-metadata.js';
export * from './model.errors.js';
export * from './partial-insert.error.js';
export * from './schema-sync.js';
export * from './validation.error.js';
export { InvalidRecordIdError } from './record-id-input.js';
export {
  AfterDelete,
  AfterSave,
  BeforeDelete,
  BeforeSave,
  BeforeValidate,
  type DocumentHookEvent,
} from './document-hooks.js';
export {
  addDocumentSubscriber,
  type DeleteEvent,
  type DocumentSubscriber,
  type SaveEvent,
} from './document-subscribers.js';
export { Timestamps, type TimestampsOptions } from './timestamps.js';
