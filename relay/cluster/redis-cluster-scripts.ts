// Lua for the shared limits of redis-cluster.ts: each runs atomically in Redis, so relays
// racing for the last unit of a limit cannot both get it.

/** KEYS[1] window; ARGV[1] window ms. Counts a hit: {count, ms left in the window}. */
export const RATE_HIT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`;

/** KEYS[1] window. The count so far and the ms left, counting nothing. */
export const RATE_PEEK = `
return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1])}
`;

/**
 * KEYS[1] the visitor's streams, KEYS[2] the address's streams, KEYS[3] this relay's liveness
 * key. ARGV: member (relayId/n), now, member expiry, visitor cap, address cap, prefix of
 * liveness keys, ms the sets live, ms the liveness key lives.
 * Each set holds the open streams as members scored by when they end at the latest; members
 * past that, or of a relay whose liveness key is gone (it died), no longer count. Answers
 * 'visitor' or 'address' for the cap that refuses, else records the stream and answers 'ok'.
 */
export const STREAM_OPEN = `
local now = tonumber(ARGV[2])
local alive = {}
local function live(key)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
  local n = 0
  for _, m in ipairs(redis.call('ZRANGE', key, 0, -1)) do
    local relay = string.match(m, '^(.-)/')
    if relay and alive[relay] == nil then alive[relay] = redis.call('EXISTS', ARGV[6] .. relay) == 1 end
    if relay and alive[relay] then n = n + 1 else redis.call('ZREM', key, m) end
  end
  return n
end
redis.call('SET', KEYS[3], '1', 'PX', ARGV[8])
if live(KEYS[1]) >= tonumber(ARGV[4]) then return 'visitor' end
if live(KEYS[2]) >= tonumber(ARGV[5]) then return 'address' end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], ARGV[3], ARGV[1])
  redis.call('PEXPIRE', KEYS[i], ARGV[7])
end
return 'ok'
`;
