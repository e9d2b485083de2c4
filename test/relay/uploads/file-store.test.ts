// The file-store contract against both stores: the local disk one, and the S3 one against an
// S3-compatible server on loopback (test/helpers/s3.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../relay/config';
import { createLocalFileStore } from '../../../relay/uploads/file-store';
import { createS3FileStore } from '../../../relay/uploads/s3-file-store';
import { startS3 } from '../../helpers/s3';
import { testEnv } from '../../helpers/test-config';
import { fileStoreContract } from './file-store-contract';

fileStoreContract('local', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'files-'));
  return { files: createLocalFileStore(dir), close: async () => rmSync(dir, { recursive: true, force: true }) };
});

fileStoreContract('S3', async () => {
  const s3 = await startS3();
  const config = loadConfig(testEnv(s3.env));
  if (config.files.kind !== 's3') throw new Error('RELAY_FILES=s3 was not taken');
  const files = createS3FileStore(config.files);
  return {
    files,
    async close() {
      files.close();
      await s3.close();
    },
  };
});
