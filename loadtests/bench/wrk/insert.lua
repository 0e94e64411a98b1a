-- insert one document of about 530 bytes into bench_ins
dofile(os.getenv("BENCH_WRK") .. "/common.lua")
request = function()
  local i = math.random(1, 1000000)
  local body = string.format('{"op":"collection.insert","collection":"bench_ins","data":{"name":"Customer %d",'
    .. '"email":"customer%d@example.com","status":"active","age":%d,"visits":0,"logins":0,"score":%d,'
    .. '"address":{"street":"%d Main Street","city":"city_%d","zip":"%05d","country":"Country %d"},'
    .. '"tags":["tag1","tag2","tag0"],"note":"lorem ipsum dolor lorem ipsum dolor lorem ipsum dolor lorem ipsum dolor '
    .. 'lorem ipsum dolor lorem ipsum dolor lorem ipsum dolor lorem ipsum dolor lorem ipsum dolor lorem ipsum dolor %d"}}',
    i, i, 18 + i % 73, i % 1000, i % 997, i % 1000, i % 100000, i % 50, i)
  return wrk.format("POST", "/v1/datastore", nil, body)
end
