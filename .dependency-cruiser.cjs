// The house's rules, checked by `npm run lint` (dependency-cruiser): each layer of src/ imports only from the
// layers below it, nothing forms an import cycle (type-only imports count: they are how cycles crept in before),
// and only the shell touches @actions/core. Layers, lowest first; CONTRIBUTING.md's Layout says what each holds.
const LAYERS = [
  ['common', '^src/common/'],
  ['config', '^src/config/'],
  ['http', '^src/http/'],
  ['aws', '^src/aws/'],
  ['partner-central', '^src/partner-central/'],
  ['result', '^src/result\\.ts$'],
  ['github', '^src/github/'],
  ['run', '^src/run-action\\.ts$'],
  ['main', '^src/main\\.ts$'],
  ['index', '^src/index\\.ts$'],
];

const upward = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `layer-${name}-imports-upward`,
  comment: `src/ is layered (${LAYERS.map(([n]) => n).join(' < ')}): ${name} may import only from the layers below it.`,
  severity: 'error',
  from: { path },
  to: { path: LAYERS.slice(i + 1).map(([, p]) => p) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-cycle',
      comment:
        'No import cycles in src/, type-only imports included: a type lives in the lowest module that needs it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'file-outside-layers',
      comment:
        'Every file of src/ belongs to a layer: put a new file in the folder of what it does (CONTRIBUTING.md, Layout).',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.map(([, p]) => p) },
      to: {},
    },
    {
      name: 'import-of-file-outside-layers',
      comment:
        'Every file of src/ belongs to a layer: put the imported file in the folder of what it does (CONTRIBUTING.md, Layout).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: [...LAYERS.map(([, p]) => p), '\\.d\\.ts$'] },
    },
    {
      name: 'unused-file',
      comment:
        'A file of src/ that nothing imports and that imports nothing is dead code (or belongs in a layer). The ' +
        'bundle stand-ins are reached through tsconfig.json "paths", which only ncc reads.',
      severity: 'error',
      from: {
        path: '^src/',
        orphan: true,
        pathNot: ['\\.d\\.ts$', '^src/http/no-http-client\\.ts$', '^src/github/no-exec\\.ts$'],
      },
      to: {},
    },
    {
      name: 'actions-core-outside-shell',
      comment:
        'Only src/main.ts talks to @actions/core; everything under it takes what it needs as arguments.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/main\\.ts$' },
      to: { path: '(^|/)node_modules/@actions/core/' },
    },
    {
      name: 'src-imports-tests',
      comment: 'The action never imports test code.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: they are what closed the last import cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
