-- Counts attempts in fixed windows over several counters at once (all keys share one hash tag).
-- KEYS: the counters. ARGV[1]: 'hit' or 'undo'.
-- hit:  ARGV[2k], ARGV[2k+1] are counter k's limit and window in milliseconds. When any counter
--       is already at its limit nothing changes and the answer is {0, ms until that window ends};
--       otherwise every counter goes up by one (its window starts with its first hit) and the
--       answer is {1, 0}.
-- undo: takes back one hit from each counter that still exists (a success that should not
--       count); the answer is {1, 0}.
if ARGV[1] == 'undo' then
  for i = 1, #KEYS do
    if redis.call('GET', KEYS[i]) then
      redis.call('DECR', KEYS[i])
    end
  end
  return {1, 0}
end

local wait = -1
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i])
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count >= limit then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 0 then
      -- a counter without a window would block forever: give it one
      ttl = tonumber(ARGV[2 * i + 1])
      redis.call('PEXPIRE', KEYS[i], ttl)
    end
    if ttl > wait then
      wait = ttl
    end
  end
end
if wait >= 0 then
  return {0, wait}
end

for i = 1, #KEYS do
  if redis.call('INCR', KEYS[i]) == 1 then
    redis.call('PEXPIRE', KEYS[i], ARGV[2 * i + 1])
  end
end
return {1, 0}
