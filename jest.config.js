/** Jest in ESM mode with ts-jest, as the NestJS 12 starter does. */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/test'],
  testRegex: '.*\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.json' }],
  },
  // Relative imports end in `.js` (ESM); map them back to the TypeScript sources.
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The sample app imports the package by its public name, as a user's app does.
    '^nestjs-surrealengine$': '<rootDir>/lib/index.ts',
    '^nestjs-surrealengine/core$': '<rootDir>/lib/core.ts',
    '^nestjs-surrealengine/(.*)$': '<rootDir>/lib/$1/index.ts',
  },
  // Works around a jest-only realm artifact in the SDK's Uuid encoding (see the file).
  setupFiles: ['<rootDir>/test/setup/jest-realm.setup.ts'],
  testTimeout: 30000,
};
