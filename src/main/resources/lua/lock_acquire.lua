-- Takes a lock if nobody holds it. KEYS[1]: the lock. ARGV[1]: the holder's random token.
-- ARGV[2]: time to live in milliseconds.
-- Answer: {1, ttl} when taken; {0, ms until the holder's lock expires} when someone holds it.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, tonumber(ARGV[2])}
end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  -- expired between the two calls (or, impossibly, held without a ttl): worth retrying at once
  left = 0
end
return {0, left}
