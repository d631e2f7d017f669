import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './package-entries';

// The committed API reports (api/*.api.md, API Extractor) are the public surface of each entry: a change
// to an exported name, signature or type fails here until `npm run api:update` is run and committed.

it('matches the committed API report of every entry (npm run api:update after a meant change)', () => {
  const result = spawnSync(process.execPath, [join(REPO, 'scripts/api-report.js')], {
    cwd: REPO,
    encoding: 'utf8',
  });
  expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  expect(result.stdout).toContain('every entry matches its report in api/');
}, 300_000);
