import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The full stack on the emulator, as `petra dev` runs it (embedded PostgreSQL and Redis, the
 * emulator, the API serving frontend/dist, a worker), on free ports and a fresh data directory.
 */
export interface Stack {
  portalUrl: string;
  emulatorUrl: string;
  demoEmail: string;
  demoPassword: string;
  partnerUsername: string;
  partnerPassword: string;
  /** The embedded PostgreSQL, for operator commands (`petra org set-feature`) against this stack. */
  databaseUrl: string;
  stop: () => Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const PYTHON = join(ROOT, '.venv', 'bin', 'python');
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

function ensureBrowser(): void {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  // Browsers cannot be downloaded here; Debian's package is the one source.
  const install = spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], {
    stdio: 'inherit',
  });
  if (install.status !== 0 || !existsSync(chromium)) {
    throw new Error(`${chromium} is missing and apt-get could not install chromium`);
  }
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/** An operator's command (`petra …`) against the running stack's database. */
export function operator(databaseUrl: string, args: string[]): string {
  const run = spawnSync(PYTHON, ['-m', 'api.cli', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'WARNING' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`petra ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  return `${run.stdout}${run.stderr}`;
}

export async function startStack(): Promise<Stack> {
  ensureBrowser();
  if (!existsSync(join(ROOT, 'frontend', 'dist', 'index.html'))) {
    throw new Error('frontend/dist is missing: run `npm run build` before the e2e suite');
  }
  const [port, emulatorPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'petra-e2e-'));
  // The embedded PostgreSQL runs as its own user when we are root; it must reach the directory.
  chmodSync(dataDir, 0o755);
  const child = spawn(
    PYTHON,
    ['-m', 'api.cli', 'dev', '--port', String(port), '--emulator-port', String(emulatorPort), '--data-dir', join(dataDir, 'data')],
    { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'WARNING' } },
  );
  let output = '';
  const lines: string[] = [];
  let ready = false;
  const collect = (chunk: Buffer) => {
    if (!ready) output += chunk.toString();
    lines.push(...chunk.toString().split('\n'));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const stop = async () => {
    if (child.pid && child.exitCode === null) {
      // `petra dev` stops its children in order on SIGTERM.
      process.kill(child.pid, 'SIGTERM');
      if (!(await exited(child, STOP_TIMEOUT_MS))) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const started = Date.now();
  const banner = await new Promise<string>((done, fail) => {
    const timer = setInterval(() => {
      if (/Demo login\s+\S+\s+\/\s+\S+/.test(output) && /Emulator\s+http/.test(output)) {
        clearInterval(timer);
        ready = true;
        done(output);
      } else if (child.exitCode !== null || Date.now() - started > START_TIMEOUT_MS) {
        clearInterval(timer);
        fail(new Error(`the stack did not start:\n${lines.slice(-60).join('\n')}`));
      }
    }, 200);
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  const login = /Demo login\s+(\S+)\s+\/\s+(\S+)/.exec(banner);
  const partner = /partner sign-in:\s+(\S+)\s+\/\s+(\S+)\)/.exec(banner);
  const database = /DATABASE_URL=(\S+)/.exec(banner);
  if (!login?.[1] || !login[2] || !partner?.[1] || !partner[2] || !database?.[1]) {
    await stop();
    throw new Error(`could not read the logins from the banner:\n${banner}`);
  }
  console.log(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s on port ${port}`);
  return {
    portalUrl: `http://127.0.0.1:${port}`,
    emulatorUrl: `http://127.0.0.1:${emulatorPort}`,
    demoEmail: login[1],
    demoPassword: login[2],
    partnerUsername: partner[1],
    partnerPassword: partner[2],
    databaseUrl: database[1],
    stop,
  };
}
