-- mutate_in with three paths on a random document: two counters and one nested upsert
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
request = function()
  local body = string.format('{"specs":[{"op":"counter","path":"visits","delta":1},'
    .. '{"op":"counter","path":"logins","delta":1},{"op":"upsert","path":"address.zip","value":"%05d"}]}',
    math.random(0, 99999))
  return wrk.format("POST", "/v1/kv/" .. pick_collection() .. "/" .. pick_key() .. "/mutate_in", nil, body)
end
