import { startExampleBackend } from './index';

try {
  const backend = await startExampleBackend();
  const stop = () => {
    void backend.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`[example-backend] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
