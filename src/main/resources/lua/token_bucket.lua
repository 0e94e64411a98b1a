-- One token bucket, refilled continuously, in a hash: t = tokens (may be fractional), ts = when t
-- was computed (ms, Redis's clock). A missing hash is a full bucket, so the hash expires when the
-- bucket would be full again.
-- KEYS[1]: the bucket. ARGV[1]: capacity (tokens, >= 1). ARGV[2]: tokens added per second (> 0).
-- ARGV[3]: tokens wanted, one per waiting request (>= 1, default 1).
-- Takes as many of them as there are whole tokens. Answers {tokens taken, whole tokens left, ms
-- until the next whole token (0 when one is left), ms until the bucket is full}.
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2]) / 1000
local wanted = math.max(1, math.floor(tonumber(ARGV[3] or '1')))
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local tokens = capacity
local state = redis.call('HMGET', KEYS[1], 't', 'ts')
local last = tonumber(state[2])
if state[1] and last then
  -- a clock that went back (failover to another server) refills nothing until it catches up
  if now < last then
    now = last
  end
  -- min: the capacity may have been lowered since
  tokens = math.min(capacity, tonumber(state[1]) + (now - last) * per_ms)
end

local taken = math.max(0, math.min(wanted, math.floor(tokens)))
tokens = tokens - taken

local next_ms = 0
if tokens < 1 then
  next_ms = math.ceil((1 - tokens) / per_ms)
end
local full_ms = math.max(1, math.ceil((capacity - tokens) / per_ms))
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], full_ms)
return {taken, math.floor(tokens), next_ms, full_ms}
