// Picks what the relays share from config: memory for one relay, Redis with REDIS_URL.
import type { Config } from '../config';
import type { Logger } from '../log';
import { createLocalCluster, type Cluster } from './cluster';
import { createRedisCluster } from './redis-cluster';

export type { Cluster, StreamSlot } from './cluster';

export async function createCluster(config: Pick<Config, 'redisUrl' | 'redisPrefix' | 'limits'>, log: Logger): Promise<Cluster> {
  if (!config.redisUrl) return createLocalCluster();
  return createRedisCluster({
    url: config.redisUrl,
    prefix: config.redisPrefix,
    streamsPerVisitor: config.limits.streamsPerVisitor,
    streamsPerAddress: config.limits.streamsPerIp,
    streamMaxAgeMs: config.limits.streamMaxAgeMs,
    log,
  });
}
