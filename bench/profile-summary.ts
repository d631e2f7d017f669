/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. from `BENCH_PROFILE_DIR=... npm run bench:turns`):
 * the functions with the most self time, all code and the project's own code (src/, examples/) apart.
 *
 *   npx ts-node --transpile-only bench/profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: profile-summary <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const root = process.cwd();
const label = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode): string => {
  const where = url.replace(/^file:\/\//, '').replace(`${root}/`, '');
  return `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
};
const totals = new Map<string, number>();
let all = 0;
let idle = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const name = label(node);
  all += us;
  if (node.callFrame.functionName === '(idle)') idle += us;
  totals.set(name, (totals.get(name) ?? 0) + us);
}
const busy = all - idle;
const own = (name: string) => / (src|examples)\//.test(name) && !name.includes('node_modules');
const print = (title: string, rows: Array<[string, number]>) => {
  console.log(`\n${title}`);
  console.log('self ms   | % of busy | function');
  for (const [name, us] of rows.slice(0, top)) {
    console.log(
      `${(us / 1000).toFixed(0).padStart(9)} | ${((100 * us) / busy).toFixed(1).padStart(8)}% | ${name}`,
    );
  }
};
const sorted = [...totals].filter(([name]) => !name.startsWith('(idle)')).sort((a, b) => b[1] - a[1]);
console.log(`${file}: ${(all / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy`);
print('Top self time, everything', sorted);
const ownRows = sorted.filter(([name]) => own(name));
print('Top self time, the project (src/, examples/)', ownRows);
// Self time by where the code lives: a package, a folder of the project, Node itself, the GC.
const area = (node: ProfileNode): string => {
  const url = node.callFrame.url.replace(/^file:\/\//, '').replace(`${root}/`, '');
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const own = url.match(/^(src\/[^/]+|examples\/[^/]+|bench)/);
  if (own) return own[1].replace(/\.ts$/, '');
  if (url.startsWith('node:')) return 'node';
  return node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : 'native';
};
const areas = new Map<string, number>();
for (const [id, us] of selfUs) {
  const name = area(byId.get(id)!);
  if (name !== '(idle)') areas.set(name, (areas.get(name) ?? 0) + us);
}
print(
  'Self time by area',
  [...areas].sort((a, b) => b[1] - a[1]),
);

// Inclusive ("total") time of the project's functions: each sample counts once for every distinct project
// function on its stack, so a middleware's total includes the library code it calls.
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = label(byId.get(at)!);
    if (own(name) && !seen.has(name)) {
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
}
print(
  'Top total (inclusive) time, the project',
  [...inclusive].sort((a, b) => b[1] - a[1]),
);
console.log(
  `\nproject self time: ${((100 * ownRows.reduce((sum, [, us]) => sum + us, 0)) / busy).toFixed(1)}% of busy`,
);
