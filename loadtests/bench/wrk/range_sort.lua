-- find age >= X ordered by age, first page of 20 (served by the index Vellum builds for it automatically)
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
request = function()
  local body = string.format('{"op":"collection.find","collection":"%s","match":{"age:$gte":%d},"sort":"age asc","limit":20}',
    pick_collection(), math.random(18, 85))
  return wrk.format("POST", "/v1/datastore", nil, body)
end
