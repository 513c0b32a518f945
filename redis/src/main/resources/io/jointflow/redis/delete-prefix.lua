-- Removes every plain value, set, counter and list whose key is in the lexicographic range
-- ARGV[2]..ARGV[3] (a prefix's range, see KeyRange) under key prefix ARGV[1], atomically.
-- Reply: how many keys were removed (a set, counter or list counts as one).
local P, min, max = ARGV[1], ARGV[2], ARGV[3]
local removed = 0
local function each(index, parts)
  local keys = redis.call('ZRANGEBYLEX', P .. 'keys:' .. index, min, max)
  for _, k in ipairs(keys) do
    for _, part in ipairs(parts) do redis.call('DEL', P .. part .. ':' .. k) end
  end
  if #keys > 0 then redis.call('ZREMRANGEBYLEX', P .. 'keys:' .. index, min, max) end
  removed = removed + #keys
end
each('v', {'v'})
each('s', {'s', 'd', 'p'})
each('n', {'n'})
each('l', {'l'})
return removed
