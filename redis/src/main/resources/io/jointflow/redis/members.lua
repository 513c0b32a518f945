-- Members of set ARGV[2] (under key prefix ARGV[1]) at positions ARGV[3] and later, at most ARGV[4],
-- read in one step. Reply: {member, position, value, ...} in position order.
local P, k, from, limit = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local found = redis.call('ZRANGEBYSCORE', P .. 's:' .. k, from, '+inf', 'WITHSCORES', 'LIMIT', 0, limit)
local out = {}
for j = 1, #found, 2 do
  out[#out + 1] = found[j]
  out[#out + 1] = found[j + 1]
  out[#out + 1] = redis.call('HGET', P .. 'd:' .. k, found[j])
end
return out
