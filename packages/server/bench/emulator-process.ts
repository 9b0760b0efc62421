// The emulator in a process of its own, so serving the pass-through's upstream calls does not share a CPU-bound
// event loop with the load generator. It reports how many requests of each route it received.
import { startSegmindEmulator } from '@seedance-kit/emulator';

const emulator = await startSegmindEmulator({
  apiKey: process.env.API_KEY,
  // Jobs go straight to PROCESSING and stay there for the whole run.
  latency: { queuedMs: 0, processingMs: 10 * 60 * 1000 },
});

process.on('message', (message: { type: string }) => {
  if (message.type === 'counts') {
    const counts: Record<string, number> = {};
    for (const request of emulator.requests()) counts[String(request.route)] = (counts[String(request.route)] ?? 0) + 1;
    process.send?.({ type: 'counts', counts });
  } else if (message.type === 'clear') {
    emulator.clearRequests();
    process.send?.({ type: 'cleared' });
  } else if (message.type === 'stop') {
    void emulator.stop().then(() => process.exit(0));
  }
});
process.send?.({ type: 'ready', url: emulator.url });
