import { afterEach, describe, expect, it } from 'vitest';
import { type ExampleBackend, startExampleBackend } from './index';

let backend: ExampleBackend | undefined;
afterEach(async () => {
  await backend?.stop();
  backend = undefined;
});

describe('startExampleBackend', () => {
  it('starts the emulator when there is no key, says so, and serves the signer', async () => {
    const lines: string[] = [];
    backend = await startExampleBackend({ port: 0, apiKey: '', log: (line) => lines.push(line) });
    expect(backend.emulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.join('\n')).toMatch(/No SEGMIND_API_KEY: started the Segmind emulator at http:\/\/127\.0\.0\.1:\d+/);
    expect(lines.join('\n')).toMatch(/No SEEDANCE_SECRET/);
    const config = await fetch(`${backend.url}/api/seedance/config`);
    expect(config.status).toBe(200);
    expect(await config.json()).toMatchObject({ protocolVersion: 1 });
    const other = await fetch(`${backend.url}/elsewhere`);
    expect(other.status).toBe(404);
  });

  it('uses a given key against Segmind and starts no emulator', async () => {
    backend = await startExampleBackend({
      port: 0,
      apiKey: 'SG_0123456789abcdef',
      secret: 'x'.repeat(32),
      log: () => {},
    });
    expect(backend.emulatorUrl).toBeUndefined();
  });

  it('refuses a bad PORT with a message that says what to do', async () => {
    const previous = process.env.PORT;
    process.env.PORT = 'eighty';
    try {
      await expect(startExampleBackend({ log: () => {} })).rejects.toThrow(/PORT must be a whole number.*Unset it/);
    } finally {
      if (previous === undefined) delete process.env.PORT;
      else process.env.PORT = previous;
    }
  });

  it('refuses a weak SEEDANCE_SECRET before listening', async () => {
    await expect(startExampleBackend({ port: 0, secret: 'short', log: () => {} })).rejects.toThrow(
      /at least 32 characters/,
    );
  });
});
