/** Prefix of the DI token that holds a connection's module options. */
export const SURREAL_MODULE_OPTIONS = 'SurrealModuleOptions';
/** DI token of the connection name inside one core module instance. */
export const SURREAL_CONNECTION_NAME = 'SurrealConnectionName';
/** Logger context of everything the module logs. */
export const SURREAL_LOGGER_CONTEXT = 'SurrealModule';
