// Picks the file store from config: the relay's own disk (RELAY_DATA_DIR/files, the default)
// or an S3-compatible bucket (RELAY_FILES=s3), which every relay of a cluster shares.
import type { Config } from '../config';
import type { Logger } from '../log';
import { createLocalFileStore, type FileStore } from './file-store';
import { createS3FileStore } from './s3-file-store';

export type { FileStore, StoredFile } from './file-store';

export function createFileStore(config: Pick<Config, 'files' | 'redisUrl'>, log: Logger): FileStore {
  if (config.files.kind === 's3') {
    log.info({ files: 's3', bucket: config.files.bucket, endpoint: config.files.endpoint ?? 'aws' }, 'file store ready');
    return createS3FileStore(config.files);
  }
  if (config.redisUrl) {
    // Each relay would keep the files it took: another relay answers 404 for them.
    log.warn(
      { files: 'local', dir: config.files.dir },
      'several relays (REDIS_URL) with local files: an upload is served only by the relay that took it; set RELAY_FILES=s3',
    );
  }
  return createLocalFileStore(config.files.dir);
}
