// The start-up benchmark's SDK anchor: @actions/core + the AWS SDK client doing one StartResourceSnapshotJob (bundled by bench-startup).
import * as core from '@actions/core';
import {
  PartnerCentralSellingClient,
  StartResourceSnapshotJobCommand,
} from '@aws-sdk/client-partnercentral-selling';

async function main() {
  try {
    const endpoint = core.getInput('endpoint');
    const client = new PartnerCentralSellingClient({
      region: core.getInput('region') || 'us-east-1',
      ...(endpoint ? { endpoint } : {}),
    });
    const out = await client.send(
      new StartResourceSnapshotJobCommand({
        Catalog: core.getInput('catalog', { required: true }),
        ResourceSnapshotJobIdentifier: core.getInput('job-identifier', { required: true }),
      }),
    );
    core.setOutput('request-id', out.$metadata.requestId ?? '');
    core.setOutput('attempts', String(out.$metadata.attempts ?? 1));
  } catch (err) {
    core.setFailed(err instanceof Error ? err.message : String(err));
  }
}

await main();
