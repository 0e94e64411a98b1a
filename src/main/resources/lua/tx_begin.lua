-- The Redis side of a transaction's start, in one round trip (both keys share one hash tag).
-- KEYS[1]: the result entry. KEYS[2]: the lock. ARGV[1]: the would-be holder's random token.
-- ARGV[2]: the lock's time to live in milliseconds.
-- Answer: {'cached', value, ms left} when a result is cached (no lock is taken);
--         {'lock', 1, ttl} when the lock was taken; {'lock', 0, ms until it expires} when someone holds it.
local value = redis.call('GET', KEYS[1])
if value then
  return {'cached', value, redis.call('PTTL', KEYS[1])}
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {'lock', 1, tonumber(ARGV[2])}
end
local left = redis.call('PTTL', KEYS[2])
if left < 0 then
  -- expired between the two calls: worth retrying at once
  left = 0
end
return {'lock', 0, left}
