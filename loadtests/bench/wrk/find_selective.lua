-- find address.city = city_<0-999> (0.1 % of a collection), first page of 20
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
request = function()
  local body = string.format('{"op":"collection.find","collection":"%s","match":{"address.city":"city_%d"},"limit":20}',
    pick_collection(), math.random(0, 999))
  return wrk.format("POST", "/v1/datastore", nil, body)
end
