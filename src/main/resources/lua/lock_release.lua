-- Releases a lock only for its holder: a lock that expired and was taken by someone else stays.
-- KEYS[1]: the lock. ARGV[1]: the token given when it was taken. Answer: 1 released, 0 not held.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
