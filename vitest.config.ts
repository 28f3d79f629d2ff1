import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'test/renderer/**/*.test.ts',
      'test/integration/**/*.test.ts',
      'test/release/**/*.test.ts',
      'test/fuzz/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
  },
});
