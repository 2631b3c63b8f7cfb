/** Writer options for tests that follow one batch at a time: `size` writes per batch, one batch in flight. */
export function oneBatchAtATime(size = 20) {
  return { batchSize: size, minBatchSize: size, initialInFlight: size, maxInFlight: size };
}
