import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLI_PORT, parseCliArguments } from './cli-arguments';

describe('parseCliArguments', () => {
  it('defaults to port 4010 and nothing else', () => {
    expect(parseCliArguments([])).toEqual({
      kind: 'run',
      options: { port: DEFAULT_CLI_PORT, latency: {} },
      quiet: false,
    });
  });

  it('reads every option', () => {
    const command = parseCliArguments([
      '--port=0',
      '--host',
      '0.0.0.0',
      '--api-key',
      'SG_test',
      '--queued-ms',
      '10',
      '--processing-ms',
      '20',
      '--response-ms',
      '5',
      '--expiry-ms',
      '1000',
      '--credits',
      '2.5',
      '--rate-limit-per-minute',
      '5',
      '--public-url',
      'http://emulator:4010',
      '--rate-limit-counts-polls',
      '--spend-limit',
      '12.5',
      '--validation',
      'strict',
      '--enum-rejection-status',
      '406',
      '--request-id-format',
      'hex32',
      '--output-format',
      'json-string',
      '--max-seed',
      '4294967295',
      '--failed-status-code',
      '200',
      '--no-recovery',
      '--quiet',
    ]);
    expect(command).toEqual({
      kind: 'run',
      quiet: true,
      options: {
        port: 0,
        host: '0.0.0.0',
        apiKey: 'SG_test',
        latency: { queuedMs: 10, processingMs: 20, responseMs: 5 },
        expiryMs: 1000,
        credits: 2.5,
        rateLimitPerMinute: 5,
        rateLimitCountsPolls: true,
        spendLimit: 12.5,
        validation: 'strict',
        enumRejectionStatus: 406,
        requestIdFormat: 'hex32',
        outputFormat: 'json-string',
        maxSeed: 4_294_967_295,
        failedStatusCode: 200,
        recovery: false,
        publicUrl: 'http://emulator:4010',
      },
    });
  });

  it('asks for help with --help or -h, whatever else is there', () => {
    expect(parseCliArguments(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArguments(['--port', 'x', '-h'])).toEqual({ kind: 'help' });
  });

  it.each<[string[], RegExp]>([
    [['--bogus'], /Unknown option '--bogus'.*--help/],
    [['extra'], /positional.*--help/i],
    [['--port'], /--port.*argument/],
    [['--port', 'abc'], /--port must be a whole number from 0 to 65535, got "abc"/],
    [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--port', '-1'], /--port/],
    [['--queued-ms', '1.5'], /--queued-ms must be a whole number/],
    [['--processing-ms', '1e3'], /--processing-ms must be a whole number/],
    [['--expiry-ms', ''], /--expiry-ms needs a non-empty value/],
    [['--credits', 'lots'], /--credits must be a number >= 0, got "lots"/],
    [['--rate-limit-per-minute', '0'], /--rate-limit-per-minute must be a whole number from 1/],
    [['--validation', 'lenient'], /--validation must be one of segmind, strict, got "lenient"/],
    [['--enum-rejection-status', '422'], /--enum-rejection-status must be one of 400, 406/],
    [['--request-id-format', 'ulid'], /--request-id-format must be one of uuid, hex32/],
    [['--output-format', 'xml'], /--output-format must be one of url, json-string/],
    [['--max-seed', '-5'], /--max-seed/],
    [['--failed-status-code', '500'], /--failed-status-code must be one of 422, 200/],
    [['--spend-limit', 'x'], /--spend-limit must be a number/],
    [['--api-key', ' '], /--api-key needs a non-empty value/],
    [['--public-url', 'emulator:4010'], /--public-url must be an http\(s\) origin/],
  ])('reports %j as an error saying what to do', (argv, message) => {
    const command = parseCliArguments(argv);
    expect(command.kind).toBe('error');
    expect(command.kind === 'error' && command.message).toMatch(message);
  });
});

describe('seedance-emulator', () => {
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

  it('exits 2 with the error on stderr for a bad flag', async () => {
    const { code, stderr } = await runCli(['--port', 'abc']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^seedance-emulator: --port must be a whole number/);
  });

  it('prints the URL, answers, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--quiet']);
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', () => reject(new Error(`exited early: ${stdout}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const found = /listening on (http:\/\/\S+)/.exec(stdout);
        if (found?.[1] !== undefined) resolve(found[1]);
      });
    });
    expect(stdout).toContain('api.segmind.com');
    expect((await (await fetch(`${url}/__emulator/health`)).json()).ok).toBe(true);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  function runCli(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', cli, ...argv]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }
});
