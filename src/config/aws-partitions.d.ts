// Types of src/config/aws-partitions.js: the shape of @aws-sdk/core's partitions data, as src/config/endpoint.ts reads it.
export interface PartitionData {
  id: string;
  outputs: { dnsSuffix: string; dualStackDnsSuffix: string; implicitGlobalRegion: string };
  regionRegex: string;
  regions: Record<string, unknown>;
}

export declare const partitionsInfo: { partitions: readonly PartitionData[] };
