"""The frontier's Lua scripts: each move between its keys, done atomically.

Redis runs a script without interleaving any other command, so a claim cannot
hand one job to two workers, and an expired lease is requeued exactly once.
Keys and arguments are listed above each script; times are the server's own
(``TIME``, in milliseconds). :class:`crawler.fleet.queue.Frontier` registers
them with redis-py's ``register_script``.
"""

from __future__ import annotations

__all__ = ["ACK", "CLAIM", "RELEASE", "RENEW"]

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: pending leases owners attempts jobs failed errors
# ARGV: lease_ms batch token max_attempts expired_reason
CLAIM = (
    _NOW
    + """
for _, key in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  redis.call('ZREM', KEYS[2], key)
  redis.call('HDEL', KEYS[3], key)
  redis.call('HSET', KEYS[7], key, ARGV[5])
  redis.call('LPUSH', KEYS[1], key)
end
local claimed, count = {}, 0
while count < tonumber(ARGV[2]) do
  local key = redis.call('LPOP', KEYS[1])
  if not key then break end
  local job = redis.call('HGET', KEYS[5], key)
  if job then
    if redis.call('HINCRBY', KEYS[4], key, 1) > tonumber(ARGV[4]) then
      redis.call('HSET', KEYS[6], key, redis.call('HGET', KEYS[7], key) or 'failed')
    else
      redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), key)
      redis.call('HSET', KEYS[3], key, ARGV[3])
      table.insert(claimed, job)
      count = count + 1
    end
  end
end
return claimed
"""
)

# KEYS: leases owners; ARGV: lease_ms token key...
RENEW = (
    _NOW
    + """
local renewed = 0
for i = 3, #ARGV do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[2] then
    redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i])
    renewed = renewed + 1
  end
end
return renewed
"""
)

# KEYS: pending leases owners done failed; ARGV: key token
ACK = """
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('LREM', KEYS[1], 0, ARGV[1])
redis.call('HDEL', KEYS[5], ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
return 1
"""

# KEYS: pending leases owners attempts failed errors
# ARGV: token reason max_attempts key...   (reason '': stopped, not failed)
RELEASE = """
local released = 0
for i = 4, #ARGV do
  local key = ARGV[i]
  if redis.call('HGET', KEYS[3], key) == ARGV[1] then
    redis.call('ZREM', KEYS[2], key)
    redis.call('HDEL', KEYS[3], key)
    if ARGV[2] == '' then
      redis.call('HINCRBY', KEYS[4], key, -1)
      redis.call('LPUSH', KEYS[1], key)
    else
      redis.call('HSET', KEYS[6], key, ARGV[2])
      if tonumber(redis.call('HGET', KEYS[4], key) or '0') >= tonumber(ARGV[3]) then
        redis.call('HSET', KEYS[5], key, ARGV[2])
      else
        redis.call('RPUSH', KEYS[1], key)
      end
    end
    released = released + 1
  end
end
return released
"""
