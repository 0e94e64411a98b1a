-- Reads a cached value and how long it has left. KEYS[1]: the entry.
-- Answer: {value, ms left} or {} when there is none.
local value = redis.call('GET', KEYS[1])
if not value then
  return {}
end
return {value, redis.call('PTTL', KEYS[1])}
