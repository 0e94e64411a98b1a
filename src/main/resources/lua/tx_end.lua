-- The Redis side of a transaction's end, in one round trip (both keys share one hash tag):
-- caches the result and releases the lock, only for its holder (a lock that expired and was
-- taken by someone else stays).
-- KEYS[1]: the result entry. KEYS[2]: the lock. ARGV[1]: the entry ('' to cache nothing).
-- ARGV[2]: ms to keep it. ARGV[3]: the holder's token ('' when no lock is held). Answer: 1.
if ARGV[1] ~= '' then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
if ARGV[3] ~= '' and redis.call('GET', KEYS[2]) == ARGV[3] then
  redis.call('DEL', KEYS[2])
end
return 1
