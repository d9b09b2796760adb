// The AWS SDK's partition data (@aws-sdk/core, a pinned direct dependency), and nothing else from that package.
// `@aws-sdk/core/client` exports `partition()` over this data, but bundling that entry point adds ~260 KB of client
// middleware to every start for ~10 KB of data. The package's exports map does not list the file, so it is reached
// by path (npm puts a direct dependency at the top of node_modules); its types are in aws-partitions.d.ts beside it.
// test/unit/endpoint.test.ts holds every region's answer equal to the public `partition()` and to the pinned SDK
// client's endpoint rules; a release that moves the file fails the build and the tests, never a run.
export { partitionsInfo } from '../../node_modules/@aws-sdk/core/dist-es/submodules/client/util-endpoints/lib/aws/partitions.js';
