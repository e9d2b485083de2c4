// Lua for the Redis store's atomic steps. Every script takes no declared keys and gets
// the key prefix as ARGV[1]; keys are built inside, so this targets one Redis (or a
// primary with replicas), not Redis Cluster.
//
// Keys (P = prefix): v:<visitor> hash · seq:<visitor> counter · mb:<visitor> zset of entry
// JSON by seq · acc:<visitor> hash message id -> seq · ob:<visitor> list of message ids in
// order · obi:<len>:<visitor>:<message> hash per outbox item · obdue zset visitor -> due
// time of its head (unclaimed) · oblease zset visitor -> lease end (claimed) · obcount ·
// ev:<event id> de-dupe marker · kit:tokens · kit:lock · u:<user id> -> the visitor a
// verified user owns (the visitor hash names it back in f:userId). Channel ch:<visitor> carries
// entries.
//
// Retention: each script is defined with TTL (ms, 0 = keep) in front of it (withRetention);
// every write to a visitor sets that expiry on all of the visitor's keys, so Redis itself drops
// a visitor idle for that long. Outbox keys are left out: an item always ends (delivered, or
// failed at the deadline) with a write that touches the visitor again.

/** Sets the expiry of every key of visitor v (the upload ledger's too) to TTL from now. */
export const TOUCH_LUA = `
local function touch(v)
  if TTL <= 0 then return end
  for _, k in ipairs({'v:', 'seq:', 'mb:', 'acc:', 'upb:', 'upv:'}) do redis.call('PEXPIRE', P .. k .. v, TTL) end
  local user = redis.call('HGET', P .. 'v:' .. v, 'f:userId')
  if user then redis.call('PEXPIRE', P .. 'u:' .. cjson.decode(user), TTL) end
end
`;

/** The script as defined on a connection: its retention in front (0 keeps everything). */
export function withRetention(lua: string, retentionMs: number): string {
  return `local TTL = ${Math.max(0, Math.floor(retentionMs))}\n${lua}`;
}

const PRELUDE = `
local P = ARGV[1]
${TOUCH_LUA}local function itemKey(v, m) return P .. 'obi:' .. string.len(v) .. ':' .. v .. ':' .. m end
-- Returns the stored JSON and the seq; callers keep one value (a script replies with one).
local function appendEntry(v, json)
  local seq = redis.call('INCR', P .. 'seq:' .. v)
  local full = '{"seq":' .. seq .. ',' .. string.sub(json, 2)
  redis.call('ZADD', P .. 'mb:' .. v, seq, full)
  redis.call('PUBLISH', P .. 'ch:' .. v, full)
  touch(v)
  return full, seq
end
-- Puts the visitor's current head back in the due set (or drops the visitor when empty).
local function scheduleHead(v)
  redis.call('ZREM', P .. 'oblease', v)
  local head = redis.call('LINDEX', P .. 'ob:' .. v, 0)
  if head then
    redis.call('ZADD', P .. 'obdue', redis.call('HGET', itemKey(v, head), 'nextAttemptAt'), v)
  else
    redis.call('ZREM', P .. 'obdue', v)
  end
end
`;

const script = (body: string) => PRELUDE + body;

export const REDIS_SCRIPTS = {
  // ARGV: P, visitor, entry JSON (an object without seq)
  storeAppend: script(`local full = appendEntry(ARGV[2], ARGV[3])
return full`),

  // ARGV: P, visitor, message id, entry JSON, event JSON, acceptedAt
  storeAccept: script(`
local v, m = ARGV[2], ARGV[3]
local seen = redis.call('HGET', P .. 'acc:' .. v, m)
if seen then
  return {1, redis.call('ZRANGEBYSCORE', P .. 'mb:' .. v, seen, seen)[1] or false}
end
local full, seq = appendEntry(v, ARGV[4])
redis.call('HSET', P .. 'acc:' .. v, m, seq)
redis.call('HSET', itemKey(v, m), 'event', ARGV[5], 'acceptedAt', ARGV[6], 'attempts', 0, 'nextAttemptAt', ARGV[6])
redis.call('INCR', P .. 'obcount')
if redis.call('RPUSH', P .. 'ob:' .. v, m) == 1 then redis.call('ZADD', P .. 'obdue', ARGV[6], v) end
return {0, full}`),

  // ARGV: P, owner, now, leaseMs, max. A visitor sits in obdue or oblease, never both,
  // so a visitor with a live claim is skipped and only heads are ever handed out.
  storeClaim: script(`
local now, leaseEnd = tonumber(ARGV[3]), tonumber(ARGV[3]) + tonumber(ARGV[4])
for _, v in ipairs(redis.call('ZRANGEBYSCORE', P .. 'oblease', '-inf', now, 'LIMIT', 0, 1000)) do scheduleHead(v) end
local out = {}
for _, v in ipairs(redis.call('ZRANGEBYSCORE', P .. 'obdue', '-inf', now, 'LIMIT', 0, tonumber(ARGV[5]))) do
  redis.call('ZREM', P .. 'obdue', v)
  local head = redis.call('LINDEX', P .. 'ob:' .. v, 0)
  if head then
    local k = itemKey(v, head)
    redis.call('HINCRBY', k, 'attempts', 1)
    redis.call('HSET', k, 'owner', ARGV[2], 'leaseUntil', leaseEnd)
    redis.call('ZADD', P .. 'oblease', leaseEnd, v)
    local f = redis.call('HMGET', k, 'event', 'acceptedAt', 'attempts', 'nextAttemptAt', 'lastError')
    table.insert(out, {v, head, f[1], f[2], f[3], f[4], f[5]})
  end
end
return out`),

  // ARGV: P, visitor, message id, status entry JSON. Nothing happens for an unknown item.
  storeFinish: script(`
local v, m = ARGV[2], ARGV[3]
local head = redis.call('LINDEX', P .. 'ob:' .. v, 0)
if redis.call('LREM', P .. 'ob:' .. v, 1, m) == 0 then return false end
redis.call('DEL', itemKey(v, m))
redis.call('DECR', P .. 'obcount')
if head == m then scheduleHead(v) end
local full = appendEntry(v, ARGV[4])
return full`),

  // ARGV: P, visitor, message id, nextAttemptAt, lastError
  storeRetry: script(`
local v, m = ARGV[2], ARGV[3]
local k = itemKey(v, m)
if redis.call('EXISTS', k) == 0 then return 0 end
redis.call('HSET', k, 'nextAttemptAt', ARGV[4], 'lastError', ARGV[5])
redis.call('HDEL', k, 'owner', 'leaseUntil')
if redis.call('LINDEX', P .. 'ob:' .. v, 0) == m then scheduleHead(v) end
return 1`),

  // ARGV: P, now, offset, max, error codes to leave waiting... Heads waiting out a backoff (in
  // obdue after now, with a last error) become due now; looks at max visitors from offset (those
  // left waiting stay in the range, so the caller skips them next time). Returns {moved, seen}.
  storeRetryNow: script(`
local now = ARGV[2]
local keep = {}
for i = 5, #ARGV do keep[ARGV[i]] = true end
local n = 0
local seen = redis.call('ZRANGEBYSCORE', P .. 'obdue', '(' .. now, '+inf', 'LIMIT', tonumber(ARGV[3]), tonumber(ARGV[4]))
for _, v in ipairs(seen) do
  local head = redis.call('LINDEX', P .. 'ob:' .. v, 0)
  if head then
    local k = itemKey(v, head)
    local err = redis.call('HGET', k, 'lastError')
    if err and not keep[err] then
      redis.call('HSET', k, 'nextAttemptAt', now)
      redis.call('ZADD', P .. 'obdue', now, v)
      n = n + 1
    end
  end
end
return {n, #seen}`),

  // ARGV: P, event id, ttlMs, visitor, entry JSON
  storeFromKit: script(`
if not redis.call('SET', P .. 'ev:' .. ARGV[2], '1', 'NX', 'PX', ARGV[3]) then return false end
local full = appendEntry(ARGV[4], ARGV[5])
return full`),

  // ARGV: P, visitor, 'create' | 'update', field, value, ...
  storeVisitor: script(`
local k = P .. 'v:' .. ARGV[2]
local exists = redis.call('EXISTS', k) == 1
if (ARGV[3] == 'create') == exists then return 0 end
redis.call('HSET', k, unpack(ARGV, 4))
touch(ARGV[2])
return 1`),

  // ARGV: P, user id, visitor, user id as JSON. See VisitorData.linkUser in types.ts.
  storeLinkUser: script(`
local uk, v = P .. 'u:' .. ARGV[2], ARGV[3]
local owned = redis.call('GET', uk)
if owned then return owned end
local vk = P .. 'v:' .. v
if redis.call('EXISTS', vk) == 0 or redis.call('HEXISTS', vk, 'f:userId') == 1 then return false end
redis.call('SET', uk, v)
redis.call('HSET', vk, 'f:userId', ARGV[4])
touch(v)
return v`),

  // ARGV: P, visitor. Everything of the visitor: record, user link, mailbox, outbox items not
  // sent yet (one being sent finds nothing to mark when Kit answers), upload ledger. Replies
  // {1 when the record existed, {file id...}}.
  storeErase: script(`
local v = ARGV[2]
local vk = P .. 'v:' .. v
local found = redis.call('EXISTS', vk)
local user = redis.call('HGET', vk, 'f:userId')
if user then
  local uk = P .. 'u:' .. cjson.decode(user)
  if redis.call('GET', uk) == v then redis.call('DEL', uk) end
end
local items = redis.call('LRANGE', P .. 'ob:' .. v, 0, -1)
for _, m in ipairs(items) do redis.call('DEL', itemKey(v, m)) end
if #items > 0 then redis.call('DECRBY', P .. 'obcount', #items) end
redis.call('ZREM', P .. 'obdue', v)
redis.call('ZREM', P .. 'oblease', v)
local files = redis.call('SMEMBERS', P .. 'upv:' .. v)
for _, id in ipairs(files) do
  redis.call('DEL', P .. 'up:' .. id)
  redis.call('ZREM', P .. 'upfree', id)
  redis.call('ZREM', P .. 'upat', id)
end
redis.call('DEL', vk, P .. 'seq:' .. v, P .. 'mb:' .. v, P .. 'acc:' .. v, P .. 'ob:' .. v, P .. 'upb:' .. v, P .. 'upv:' .. v)
return {found, files}`),

  // ARGV: P, token. Deletes the lock only while it is still ours.
  storeUnlock: script(`
if redis.call('GET', P .. 'kit:lock') == ARGV[2] then return redis.call('DEL', P .. 'kit:lock') end
return 0`),

  // ARGV: P, token, leaseMs. Extends the lock only while it is still ours.
  storeRenewLock: script(`
if redis.call('GET', P .. 'kit:lock') == ARGV[2] then return redis.call('PEXPIRE', P .. 'kit:lock', ARGV[3]) end
return 0`),
} as const;

export type RedisScriptName = keyof typeof REDIS_SCRIPTS;
