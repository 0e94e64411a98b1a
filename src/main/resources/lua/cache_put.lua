-- Stores a value for a time. KEYS[1]: the entry. ARGV[1]: the value. ARGV[2]: ms to keep it.
-- Answer: 1.
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
