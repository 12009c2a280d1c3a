import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSource } from '../../src/usecases/hud/source.ts';
import { hudSpec } from '../../src/domain/hud/spec.ts';

const ROOT = path.join(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/hud-2024');

function hmis(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'src/cli/hmis.ts'), ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('CLI on the embedded database: export writes every file; import of a rejected set prints the report and exits 1; a dry run of an accepted set writes nothing', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-hud-cli-'));
  const out = path.join(dataDir, 'export.zip');
  try {
    const exp = await hmis(['export', '--out', out, '--from', '2025-01-01', '--to', '2025-12-31'], { HEARTH_DATA_DIR: dataDir });
    assert.equal(exp.code, 0, exp.stderr);
    assert.match(exp.stdout, /written to/);
    const src = await zipSource(out);
    assert.deepEqual([...src.names].sort(), [...hudSpec('2026').fileOrder].sort());
    src.close();

    const rejected = await hmis(['import', path.join(FIXTURES, 'duplicate_primary_keys')], { HEARTH_DATA_DIR: dataDir });
    assert.equal(rejected.code, 1);
    assert.match(rejected.stdout, /REJECTED/);
    assert.match(rejected.stdout, /Funder\.csv:3 FunderID — error duplicate-key/);

    const report = path.join(dataDir, 'report.json');
    const dry = await hmis(['import', out, '--dry-run', '--report', report], { HEARTH_DATA_DIR: dataDir });
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.match(dry.stdout, /Dry run: nothing was written/);
    const json = JSON.parse(fs.readFileSync(report, 'utf8'));
    assert.equal(json.accepted, true);
    assert.equal(json.applied, false);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
