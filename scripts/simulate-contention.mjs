// Contention simulation: drives the real retry policy and pacer (src/http/retry.ts, src/http/pacer.ts) against a virtual-time token bucket.
//
// Usage: npm run simulate -- [--against DIR] [--draws N] [--seed S] [--rate R] [--k 2,3,4,...]
//   --against DIR  print beside this checkout's policy the policy of another checkout (its src/common and src/http),
//                  e.g. an earlier commit: git worktree add /tmp/before <commit>; npm run simulate -- --against /tmp/before
//                  (a checkout from issue 19 on, when the policy moved to src/common and src/http; its pacer is
//                  QuotaPacer, or Pacer before issue 26)
// Deterministic for a given seed. Why a model and not only `npm run bench`: the bench runs real processes and
// takes minutes per draw at large K; this takes seconds for every K, so a retune is checked at every scale.
//
// The model (calibrated to measured runs of the bundle against the emulator on a 2-core machine): K single-job
// runs launched together make their first request at max(0.1, 0.05 K) x U(0.75, 1.15) s (K node processes
// share 2 cores); a round trip takes 2 ms + Exp(mean 8 ms), the request reaching the service half-way; a run
// exits 30 ms after its answer. The service is a token bucket of capacity 1 refilled at R a second; a
// throttled request takes no token, any other answered request (a 404 as much as a success) takes one.
// wall / ideal = the last run's exit over (K-1)/R.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { prng as seeded } from '../test/emulator/prng.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Transpiles the policy's own source files (no copies of their numbers) to .cache/simulate/ and imports them:
 * src/common and src/http whole, as they import each other.
 */
async function loadPolicy(checkout, cacheName) {
  const out = join(root, '.cache', cacheName);
  rmSync(out, { recursive: true, force: true });
  for (const layer of ['common', 'http']) {
    mkdirSync(join(out, layer), { recursive: true });
    for (const name of readdirSync(join(checkout, 'src', layer)).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(checkout, 'src', layer, name), 'utf8');
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
        fileName: name,
      });
      writeFileSync(join(out, layer, name.replace(/\.ts$/, '.js')), outputText);
    }
  }
  const retry = await import(pathToFileURL(join(out, 'http', 'retry.js')).href);
  const pacer = await import(pathToFileURL(join(out, 'http', 'pacer.js')).href);
  const tunables = await import(pathToFileURL(join(out, 'common', 'tunables.js')).href);
  return { ...tunables, ...retry, ...pacer };
}

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const AGAINST = option('--against', undefined);
const current = await loadPolicy(root, 'simulate');
const { BACKOFF } = current;

/** A checkout's withRetry and the pacer a step's starts use (QuotaPacer; `Pacer` before it was renamed). */
const policyOf = (loaded, label) => ({
  label,
  withRetry: loaded.withRetry,
  pacer: (rate) => new (loaded.QuotaPacer ?? loaded.Pacer)(rate),
});
const POLICIES = {
  current: policyOf(current, 'this checkout'),
  ...(AGAINST ? { against: policyOf(await loadPolicy(AGAINST, 'simulate-against'), AGAINST) } : {}),
};

// ---- arguments ----------------------------------------------------------------------------------------
const DRAWS = Number(option('--draws', '50'));
const SEED = Number(option('--seed', '1'));
const RATE = Number(option('--rate', '1'));
const KS = option('--k', '2,3,4,6,8,16,32,64').split(',').map(Number);
const shown = AGAINST ? ['against', 'current'] : ['current'];
if (![DRAWS, SEED, RATE].every((n) => Number.isFinite(n) && n > 0) || KS.some((k) => !(k >= 1)))
  throw new Error('--draws, --seed, --rate and --k take positive numbers');

// ---- the model ----------------------------------------------------------------------------------------
/** Virtual time: sleep resolves when the event loop below reaches its moment; nothing really waits. */
class VirtualTime {
  now = 0;
  #heap = [];
  #seq = 0;
  at(t, fn) {
    const h = this.#heap;
    h.push({ t, s: this.#seq++, fn });
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (this.#before(h[p], h[i])) break;
      [h[p], h[i]] = [h[i], h[p]];
      i = p;
    }
  }
  #before(a, b) {
    return a.t < b.t || (a.t === b.t && a.s < b.s);
  }
  #pop() {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.#before(h[l], h[m])) m = l;
        if (r < h.length && this.#before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
  sleep = (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      this.at(this.now + Math.max(0, ms), resolve);
    });
  /** Runs every event in time order, letting each continuation settle before the next event. */
  async run(work) {
    const done = Promise.all(work);
    while (this.#heap.length) {
      const next = this.#pop();
      this.now = next.t;
      next.fn();
      await new Promise((r) => setImmediate(r));
    }
    return done;
  }
}

/** The service: a token bucket of capacity 1 at `rate`; a throttled request takes no token. */
function service(vt, rate, random) {
  let tokens = 1;
  let last = 0;
  const log = [];
  const THROTTLE = {
    name: 'ThrottlingException',
    message: 'Rate exceeded',
    status: 400,
    retryClass: 'throttling',
  };
  const MISSING = {
    name: 'ResourceNotFoundException',
    message: 'no such job',
    status: 404,
    retryClass: 'client',
  };
  /** One request: the answer after a round trip; `missing` jobs are answered 404 (a token taken all the same). */
  async function request(missing = false) {
    const rtt = 2 - 8 * Math.log(1 - random());
    const sentAt = vt.now;
    await vt.sleep(rtt / 2);
    tokens = Math.min(1, tokens + ((vt.now - last) / 1000) * rate);
    last = vt.now;
    let outcome = 'throttled';
    if (tokens >= 1) {
      tokens -= 1;
      outcome = missing ? 'missing' : 'ok';
    }
    log.push({ sentAt, at: vt.now, outcome });
    await vt.sleep(rtt / 2);
    if (outcome === 'ok') return { ok: true, value: 'started' };
    return { ok: false, error: outcome === 'missing' ? MISSING : THROTTLE };
  }
  return {
    request,
    log,
    /** Another workflow takes the token now. */
    takeToken() {
      tokens = Math.min(1, tokens + ((vt.now - last) / 1000) * rate) - 1;
      last = vt.now;
    },
  };
}

const STEP_TIMEOUT_MS = 300_000; // timeout-seconds' default
const ATTEMPT_TIMEOUT_MS = 30_000; // the action's per-attempt cap (no attempt times out in this model)
const EXIT_MS = 30;

function retryPolicy(which, vt, rate, pace) {
  return {
    maxAttempts: 'auto',
    deadlineAt: vt.now + STEP_TIMEOUT_MS,
    attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
    // A checkout before the pacer owned its rate read it from the policy, and the pacer from `pace`.
    pacer: pace,
    pace,
    ratePerSecond: rate,
  };
}

/** K single-job runs launched together (a matrix), each with its own pacer, sharing the quota. */
async function parallelRuns(which, k, seed) {
  const random = seeded(seed);
  const vt = new VirtualTime();
  const svc = service(vt, RATE, random);
  const timing = { now: () => vt.now, sleep: vt.sleep, random };
  const startup = Math.max(100, 50 * k);
  const run = async () => {
    await vt.sleep(startup * (0.75 + 0.4 * random()));
    const pace = POLICIES[which].pacer(RATE);
    const out = await POLICIES[which].withRetry(
      () => svc.request(),
      retryPolicy(which, vt, RATE, pace),
      timing,
      {
        offsetMs: 0,
      },
    );
    return { ok: out.ok, endMs: vt.now + EXIT_MS };
  };
  const runs = await vt.run(Array.from({ length: k }, run));
  const wall = Math.max(...runs.map((r) => r.endMs));
  const throttled = svc.log.filter((r) => r.outcome === 'throttled').length;
  return {
    ratio: wall / (((k - 1) / RATE) * 1000),
    perRun: throttled / k,
    failed: runs.filter((r) => !r.ok).length,
  };
}

/** One step starting `jobs` in order with one pacer (as src/partner-central/jobs.ts does); `missing` are answered 404. */
async function oneStep(which, jobs, missing, rate, seed) {
  const random = seeded(seed);
  const vt = new VirtualTime();
  const svc = service(vt, rate, random);
  const timing = { now: () => vt.now, sleep: vt.sleep, random };
  const pace = POLICIES[which].pacer(rate);
  const policy = retryPolicy(which, vt, rate, pace);
  let started = 0;
  await vt.run([
    (async () => {
      for (let j = 0; j < jobs; j++) {
        const out = await POLICIES[which].withRetry(
          () => svc.request(missing.includes(j)),
          policy,
          timing,
          {
            offsetMs: 0,
          },
        );
        if (out.ok) started++;
      }
    })(),
  ]);
  const first = svc.log[0].sentAt;
  const arrivals = svc.log.map((r) => r.at);
  const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]);
  return {
    ratio: (vt.now - first) / (((jobs - 1) / rate) * 1000),
    throttled: svc.log.filter((r) => r.outcome === 'throttled').length,
    started,
    minGapIntervals: gaps.length ? Math.min(...gaps) / (1000 / rate) : Infinity,
  };
}

/** A step alone, throttled once because another workflow took the token just before its first request. */
async function loneThrottledOnce(which, seed) {
  const random = seeded(seed);
  const vt = new VirtualTime();
  const svc = service(vt, RATE, random);
  const timing = { now: () => vt.now, sleep: vt.sleep, random };
  const interval = 1000 / RATE;
  const out = await vt.run([
    (async () => {
      await vt.sleep(interval * random()); // the other workflow's request lands somewhere in the interval before
      svc.takeToken();
      await vt.sleep(interval * random() * 0.99);
      return POLICIES[which].withRetry(
        () => svc.request(),
        retryPolicy(which, vt, RATE, POLICIES[which].pacer(RATE)),
        timing,
        { offsetMs: 0 },
      );
    })(),
  ]);
  const [throttle, retry] = svc.log;
  return {
    ok: out[0].ok,
    attempts: out[0].attempts,
    // From the throttle's answer (the round trip's second half) to the retry's send, in token intervals.
    retryAfterIntervals: (retry.sentAt - throttle.at) / interval,
  };
}

// ---- printing -----------------------------------------------------------------------------------------
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs, d = 2) =>
  `${median(xs).toFixed(d)} (${Math.min(...xs).toFixed(d)}-${Math.max(...xs).toFixed(d)})`;
const draws = async (fn) => {
  const out = [];
  for (let i = 0; i < DRAWS; i++) out.push(await fn(SEED * 1_000_003 + i));
  return out;
};

console.log(
  `Contention simulation (scripts/simulate-contention.mjs): ${DRAWS} draws, seed ${SEED}, quota ${RATE} request/s (token bucket, capacity 1)`,
);
console.log(
  `current policy: BACKOFF.throttleSpread ${BACKOFF.throttleSpread}, throttleSpreadGrowth ${BACKOFF.throttleSpreadGrowth}, throttleSpreadCap ${BACKOFF.throttleSpreadCap}, throttleSpreadSkew ${BACKOFF.throttleSpreadSkew} (src/common/tunables.ts), withRetry (src/http/retry.ts), QuotaPacer (src/http/pacer.ts)`,
);
console.log('median (min-max) over the draws\n');

const head = shown.map((w) => POLICIES[w].label);
console.log(`K parallel single-job runs (wall / ideal; throttled requests per run; runs failed)\n`);
console.log(`| K | ${head.map((h) => `${h}: wall / ideal | throttled per run`).join(' | ')} |`);
console.log(`|---:|${shown.map(() => '---|---|').join('')}`);
for (const k of KS) {
  const cells = [];
  for (const which of shown) {
    const d = await draws((seed) => parallelRuns(which, k, seed + k));
    const failed = d.reduce((n, x) => n + x.failed, 0);
    cells.push(
      `${spread(d.map((x) => x.ratio))}${failed ? ` (${failed} failed)` : ''} | ${spread(
        d.map((x) => x.perRun),
        1,
      )}`,
    );
  }
  console.log(`| ${k} | ${cells.join(' | ')} |`);
}

console.log(
  '\nOne step, paced (wall from the first request / ideal; throttled; least arrival gap in 1/R)\n',
);
console.log(`| case | ${head.join(' | ')} |`);
console.log(`|---|${shown.map(() => '---|').join('')}`);
const stepCases = [
  ['8 jobs alone, 1/s', 8, [], RATE],
  ['32 jobs alone, 1/s', 32, [], RATE],
  ['6 jobs, 2 missing (404), 1/s', 6, [1, 3], RATE],
  [`6 reads, 2 missing (404), at the read quota 10/s`, 6, [1, 3], 10],
];
for (const [name, jobs, missing, rate] of stepCases) {
  const cells = [];
  for (const which of shown) {
    const d = await draws((seed) => oneStep(which, jobs, missing, rate, seed));
    cells.push(
      `${spread(
        d.map((x) => x.ratio),
        3,
      )}; ${spread(
        d.map((x) => x.throttled),
        0,
      )} throttled; gap >= ${Math.min(...d.map((x) => x.minGapIntervals)).toFixed(3)}`,
    );
  }
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}

console.log(
  '\nA step alone, throttled once (another run took the token): its retry, in token intervals\n',
);
console.log(`| ${head.join(' | ')} |`);
console.log(`|${shown.map(() => '---|').join('')}`);
{
  const cells = [];
  for (const which of shown) {
    const d = await draws((seed) => loneThrottledOnce(which, seed));
    const ok = d.filter((x) => x.ok).length;
    cells.push(
      `retry after ${spread(d.map((x) => x.retryAfterIntervals))} intervals; attempts ${spread(
        d.map((x) => x.attempts),
        0,
      )}; ${ok}/${d.length} succeeded`,
    );
  }
  console.log(`| ${cells.join(' | ')} |`);
}
