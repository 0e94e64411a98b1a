-- find status = active|inactive|pending (a third of a collection each), first page of 20
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
local statuses = {"active", "inactive", "pending"}
request = function()
  local body = string.format('{"op":"collection.find","collection":"%s","match":{"status":"%s"},"limit":20}',
    pick_collection(), statuses[math.random(1, 3)])
  return wrk.format("POST", "/v1/datastore", nil, body)
end
