// An S3-compatible server on an ephemeral loopback port (s3rver, backed by a temp dir) with one
// bucket, for the S3 file store's tests: the relay talks to it with the real AWS SDK, signed
// requests included. `env` holds the RELAY_FILES=s3 settings that point a relay at it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import type { Env } from '../../relay/config';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  env: Env;
  /** Every object key in the bucket. */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

/** s3rver checks request signatures against this fixed key pair. */
const KEY = 'S3RVER';

export async function startS3(bucket = 'kit-chat-test'): Promise<TestS3> {
  const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: KEY, secretAccessKey: KEY } });
  return {
    endpoint,
    bucket,
    env: {
      RELAY_FILES: 's3',
      RELAY_S3_BUCKET: bucket,
      RELAY_S3_ENDPOINT: endpoint,
      RELAY_S3_REGION: 'us-east-1',
      RELAY_S3_ACCESS_KEY_ID: KEY,
      RELAY_S3_SECRET_ACCESS_KEY: KEY,
      RELAY_S3_FORCE_PATH_STYLE: 'true',
    },
    async keys() {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (listed.Contents ?? []).map((o) => o.Key!).sort();
    },
    async close() {
      client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
