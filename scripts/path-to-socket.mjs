// How much a reader must hold to follow a run from `run()` (src/main.ts) to the socket (src/http/transport.ts): every
// src/ file on some import path between the two, type-only imports and lazy `import()`s included, with its lines.
// `node scripts/path-to-socket.mjs [from] [to]` (paths under src/, default main.ts and http/transport.ts).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const src = path.resolve(import.meta.dirname, '../src');
const from = process.argv[2] ?? 'main.ts';
const to = process.argv[3] ?? 'http/transport.ts';

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? files(path.join(dir, e.name))
      : /\.ts$/.test(e.name)
        ? [path.join(dir, e.name)]
        : [],
  );
}

const graph = new Map();
for (const file of files(src)) {
  const text = readFileSync(file, 'utf8');
  const targets = [
    ...text.matchAll(/(?:from\s+|import\(\s*(?:\/\*[^*]*\*\/\s*)?)'(\.{1,2}\/[^']+)'/g),
  ].map((m) => path.relative(src, path.resolve(path.dirname(file), m[1].replace(/\.js$/, '.ts'))));
  graph.set(path.relative(src, file), {
    lines: text.split('\n').length - 1,
    imports: new Set(targets),
  });
}

/** Files reachable from `start` following imports. */
function reach(start, next) {
  const seen = new Set([start]);
  for (const f of seen) for (const g of next(f)) if (graph.has(g)) seen.add(g);
  return seen;
}
const down = reach(from, (f) => graph.get(f)?.imports ?? []);
const up = reach(to, (f) => [...graph].filter(([, n]) => n.imports.has(f)).map(([g]) => g));
const onPath = [...down].filter((f) => up.has(f)).sort();
let total = 0;
for (const f of onPath) {
  total += graph.get(f).lines;
  console.log(`${String(graph.get(f).lines).padStart(5)}  ${f}`);
}
console.log(
  `${String(total).padStart(5)}  lines in ${onPath.length} files on the import paths from ${from} to ${to}`,
);
