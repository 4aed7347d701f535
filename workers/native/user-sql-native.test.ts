import { vi } from 'vitest';
import { createTestEngineOn } from '../testing/test-engine';
import { NativeDuckBackend } from './duck-backend-native';

// The hostile corpus of workers/user-sql.test.ts, replayed on native DuckDB: that file's
// tests run here unchanged, with its test engine built over the native backend, so every
// breakout it refuses in DuckDB-WASM is refused by the command-line runner too.
vi.mock('../testing/test-engine', async (importOriginal) => {
  const original = await importOriginal<typeof import('../testing/test-engine')>();
  return {
    ...original,
    createTestEngine: async () => original.createTestEngineOn(await NativeDuckBackend.create({ threads: 2 })),
  };
});

// Kept so the import above is the module being mocked (and type-checked).
void createTestEngineOn;

await import('../user-sql.test');
