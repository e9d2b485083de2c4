// Lua for the atomic steps of the Redis store's upload ledger, in the convention of
// redis-scripts.ts: no declared keys, the key prefix as ARGV[1].
//
// Keys (P = prefix): up:<file id> hash (v visitor, size, at, att 1 once attached) ·
// upb:<visitor> bytes held · upv:<visitor> set of its file ids (erasure) · upat zset file id ->
// createdAt of every upload (retention) · upfree zset file id -> createdAt of uploads not attached yet ·
// field tg of the visitor hash v:<visitor>: its token generation (redis-visitor.ts reads only
// the p: and f: fields, so the record never shows it).
import { TOUCH_LUA } from './redis-scripts';

const PRELUDE = `
local P = ARGV[1]
${TOUCH_LUA}
-- Frees an upload's bytes and forgets it; returns {visitor, size, at} or nil.
local function forget(id)
  local k = P .. 'up:' .. id
  local f = redis.call('HMGET', k, 'v', 'size', 'at')
  redis.call('ZREM', P .. 'upfree', id)
  redis.call('ZREM', P .. 'upat', id)
  if not f[1] then return nil end
  redis.call('DEL', k)
  redis.call('SREM', P .. 'upv:' .. f[1], id)
  if redis.call('DECRBY', P .. 'upb:' .. f[1], f[2]) <= 0 then redis.call('DEL', P .. 'upb:' .. f[1]) end
  return f
end
`;

const script = (body: string) => PRELUDE + body;

export const REDIS_GUARD_SCRIPTS = {
  // ARGV: P, file id, visitor, size, createdAt, quota
  guardReserveUpload: script(`
local used = tonumber(redis.call('GET', P .. 'upb:' .. ARGV[3]) or '0')
if used + tonumber(ARGV[4]) > tonumber(ARGV[6]) then return 0 end
if redis.call('EXISTS', P .. 'up:' .. ARGV[2]) == 1 then return redis.error_reply('this upload id is taken') end
redis.call('INCRBY', P .. 'upb:' .. ARGV[3], ARGV[4])
redis.call('HSET', P .. 'up:' .. ARGV[2], 'v', ARGV[3], 'size', ARGV[4], 'at', ARGV[5], 'att', 0)
redis.call('ZADD', P .. 'upfree', ARGV[5], ARGV[2])
redis.call('ZADD', P .. 'upat', ARGV[5], ARGV[2])
redis.call('SADD', P .. 'upv:' .. ARGV[3], ARGV[2])
touch(ARGV[3])
return 1`),

  // ARGV: P, file id, size
  guardSettleUpload: script(`
local k = P .. 'up:' .. ARGV[2]
local f = redis.call('HMGET', k, 'v', 'size')
if not f[1] then return 0 end
redis.call('HSET', k, 'size', ARGV[3])
redis.call('INCRBY', P .. 'upb:' .. f[1], tonumber(ARGV[3]) - tonumber(f[2]))
return 1`),

  // ARGV: P, file id
  guardDropUpload: script(`
return forget(ARGV[2]) or false`),

  // ARGV: P, visitor, file id...
  guardAttachUploads: script(`
local out = {}
for i = 3, #ARGV do
  local k = P .. 'up:' .. ARGV[i]
  if redis.call('HGET', k, 'v') == ARGV[2] then
    redis.call('HSET', k, 'att', 1)
    redis.call('ZREM', P .. 'upfree', ARGV[i])
    table.insert(out, ARGV[i])
  end
end
return out`),

  // ARGV: P, createdBefore, max, index: 'upfree' (uploads not attached yet) or 'upat' (every
  // upload, for retention). Forgets the oldest uploads created before createdBefore.
  guardTakeBefore: script(`
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. ARGV[4], '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))) do
  local f = forget(id)
  if f then table.insert(out, {id, f[1], f[2], f[3]}) end
end
return out`),

  // ARGV: P, visitor. False for an unknown visitor.
  guardTokenGeneration: script(`
local k = P .. 'v:' .. ARGV[2]
if redis.call('EXISTS', k) == 0 then return false end
return tonumber(redis.call('HGET', k, 'tg') or '0')`),

  // ARGV: P, visitor. False for an unknown visitor.
  guardBumpGeneration: script(`
local k = P .. 'v:' .. ARGV[2]
if redis.call('EXISTS', k) == 0 then return false end
return redis.call('HINCRBY', k, 'tg', 1)`),
} as const;

export type RedisGuardScriptName = keyof typeof REDIS_GUARD_SCRIPTS;
