-- Plain values in the lexicographic key range ARGV[2]..ARGV[3], at most ARGV[4], under key prefix
-- ARGV[1], read in one step so that no batch is seen in part.
-- Reply: {key, value, version, key, value, version, ...} in key (byte, so code point) order.
local P, min, max, limit = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local keys = redis.call('ZRANGEBYLEX', P .. 'keys:v', min, max, 'LIMIT', 0, limit)
local out = {}
for _, k in ipairs(keys) do
  local vn = redis.call('HMGET', P .. 'v:' .. k, 'v', 'n')
  if vn[1] then
    out[#out + 1] = k
    out[#out + 1] = vn[1]
    out[#out + 1] = vn[2]
  end
end
return out
