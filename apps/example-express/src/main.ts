import { startExpressExample } from './server';

try {
  const example = await startExpressExample();
  const stop = () => {
    void example.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`[example-express] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
