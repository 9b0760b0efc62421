#!/usr/bin/env node
import { CLI_USAGE, parseCliArguments } from './cli-arguments';
import { SEGMIND_MODEL } from './constants';
import { startSegmindEmulator } from './emulator';

const command = parseCliArguments(process.argv.slice(2));

if (command.kind === 'help') {
  console.info(CLI_USAGE);
} else if (command.kind === 'error') {
  console.error(`seedance-emulator: ${command.message}`);
  process.exitCode = 2;
} else {
  const emulator = await startSegmindEmulator({
    ...command.options,
    log: command.quiet ? undefined : (line) => console.info(line),
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'EADDRINUSE' ? ' Pick another one with --port, or --port 0 for a free one.' : '';
    console.error(`seedance-emulator: could not start: ${(error as Error).message}.${hint}`);
    process.exit(1);
  });
  const keyHint = command.options.apiKey === undefined ? 'any non-empty key' : 'the key given with --api-key';
  console.info(
    [
      `Segmind emulator (${SEGMIND_MODEL}) listening on ${emulator.url}`,
      '',
      `Point your server at it: use ${emulator.url} in place of https://api.segmind.com,`,
      `https://workflows-api.segmind.com and the CDN, with x-api-key set to ${keyHint}.`,
      `  curl -H 'x-api-key: test' -H 'content-type: application/json' \\`,
      `       -d '{"prompt":"a red fox in the snow"}' ${emulator.url}/v2/${SEGMIND_MODEL}`,
      `Faults and records: ${emulator.url}/__emulator/ (see --help). Ctrl+C stops.`,
    ].join('\n'),
  );
  const shutdown = (signal: NodeJS.Signals) => {
    console.info(`\n${signal}: stopping the emulator`);
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
