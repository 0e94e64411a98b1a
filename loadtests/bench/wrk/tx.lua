-- an exactly-once transaction with one insert, a fresh idempotency key each time
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
local run = tostring(os.time())
request = function()
  counter = counter + 1
  local body = string.format('{"idempotency_key":"bench-%s-%d-%d-%d","operations":[{"datastore":'
    .. '{"op":"collection.insert","collection":"bench_tx","data":{"order":%d,"amount":-25,"status":"paid"}}}]}',
    run, tid or 0, counter, math.random(1, 1000000000), counter)
  return wrk.format("POST", "/v1/transactions", nil, body)
end
