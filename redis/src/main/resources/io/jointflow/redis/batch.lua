-- One atomic batch (RedisStateStore.writeBatch and every single write). Redis runs a script alone,
-- so no other client sees part of it; every condition is checked before anything is written, so a
-- failed condition (or an error found while checking) leaves the data as it was.
--
-- ARGV[1] is the key prefix; then each operation: a code, the store key, and its arguments:
--   P key value                      put-if-absent
--   C key expected value             compare-and-set ('0': create if absent)
--   R key                            require-absent
--   D key                            delete
--   A key member value limit         add to set ('' = unbounded)
--   B key member value size          add to set, and read the batch of size its position completes
--   J key member value wkey width    a join's arrival: put width under value key wkey unless one is
--                                    there ('' = only read it), add to set, read the width and, if the
--                                    position equals it, the members from position 0 (width + 1)
--   X key count member...            remove from set
--   I key delta max over under       increment; fails if the value is above max, errs if above
--                                    over or below under (64-bit overflow); '' = no bound
--   L key count item...              append to list
-- Reply: {-1, result...} committed (one result per operation), {i} the condition of operation i
-- (0-based) failed, {-2, i} operation i would overflow.
local P = ARGV[1]
local VALUES, SETS, COUNTERS, LISTS = P .. 'keys:v', P .. 'keys:s', P .. 'keys:n', P .. 'keys:l'

-- Compares canonical decimal integers exactly, whatever their length (Lua numbers are doubles).
local function cmp(a, b)
  if a == b then return 0 end
  local na, nb = string.sub(a, 1, 1) == '-', string.sub(b, 1, 1) == '-'
  if na ~= nb then return na and -1 or 1 end
  local r
  if #a ~= #b then r = (#a < #b) and -1 or 1 else r = (a < b) and -1 or 1 end
  if na then return -r end
  return r
end

-- Appends to r set k's members from position `from` on, at most `limit`: member, position, value.
local function append_members(r, k, from, limit)
  local found = redis.call('ZRANGEBYSCORE', P .. 's:' .. k, from, '+inf', 'WITHSCORES', 'LIMIT', 0, limit)
  for j = 1, #found, 2 do
    r[#r + 1] = found[j]
    r[#r + 1] = found[j + 1]
    r[#r + 1] = redis.call('HGET', P .. 'd:' .. k, found[j])
  end
end

local ops = {}
local i = 2
while i <= #ARGV do
  local op = {code = ARGV[i], key = ARGV[i + 1]}
  local c = op.code
  if c == 'P' then op.value = ARGV[i + 2]; i = i + 3
  elseif c == 'C' then op.expected = ARGV[i + 2]; op.value = ARGV[i + 3]; i = i + 4
  elseif c == 'R' or c == 'D' then i = i + 2
  elseif c == 'A' then op.member = ARGV[i + 2]; op.value = ARGV[i + 3]; op.limit = ARGV[i + 4]; i = i + 5
  elseif c == 'B' then op.member = ARGV[i + 2]; op.value = ARGV[i + 3]; op.size = tonumber(ARGV[i + 4]); i = i + 5
  elseif c == 'J' then
    op.member = ARGV[i + 2]; op.value = ARGV[i + 3]; op.wkey = ARGV[i + 4]; op.width = ARGV[i + 5]; i = i + 6
  elseif c == 'I' then
    op.delta = ARGV[i + 2]; op.max = ARGV[i + 3]; op.over = ARGV[i + 4]; op.under = ARGV[i + 5]; i = i + 6
  elseif c == 'X' or c == 'L' then op.first = i + 3; op.count = tonumber(ARGV[i + 2]); i = i + 3 + op.count
  else return redis.error_reply('jointflow batch: unknown operation code ' .. tostring(c)) end
  ops[#ops + 1] = op
end

-- Every condition, in batch order, against the data as it is before the batch (a batch names each
-- key once, so no operation's check depends on another's write).
for n, op in ipairs(ops) do
  local c, k = op.code, op.key
  local failed = false
  if c == 'P' or c == 'R' or (c == 'C' and op.expected == '0') then
    failed = redis.call('EXISTS', P .. 'v:' .. k) == 1
  elseif c == 'C' then
    failed = redis.call('HGET', P .. 'v:' .. k, 'n') ~= op.expected
  elseif c == 'A' and op.limit ~= '' then
    if not redis.call('ZSCORE', P .. 's:' .. k, op.member) then
      failed = cmp(redis.call('GET', P .. 'p:' .. k) or '0', op.limit) >= 0
    end
  elseif c == 'I' then
    local cur = redis.call('GET', P .. 'n:' .. k) or '0'
    if (op.over ~= '' and cmp(cur, op.over) > 0) or (op.under ~= '' and cmp(cur, op.under) < 0) then
      return {-2, n - 1}
    end
    failed = op.max ~= '' and cmp(cur, op.max) > 0
  end
  if failed then return {n - 1} end
end

local results = {-1}
for n, op in ipairs(ops) do
  local c, k = op.code, op.key
  local r = 1
  if c == 'P' or (c == 'C' and op.expected == '0') then
    redis.call('HSET', P .. 'v:' .. k, 'v', op.value, 'n', '1')
    redis.call('ZADD', VALUES, 0, k)
  elseif c == 'C' then
    redis.call('HSET', P .. 'v:' .. k, 'v', op.value)
    redis.call('HINCRBY', P .. 'v:' .. k, 'n', 1)
  elseif c == 'D' then
    if redis.call('DEL', P .. 'v:' .. k) == 1 then redis.call('ZREM', VALUES, k) end
  elseif c == 'A' or c == 'B' or c == 'J' then
    local order = P .. 's:' .. k
    local wkey = c == 'J' and (P .. 'v:' .. op.wkey) or nil
    if c == 'J' and op.width ~= '' and redis.call('EXISTS', wkey) == 0 then
      -- the width first: an arrival that lands at its position must see it
      redis.call('HSET', wkey, 'v', op.width, 'n', '1')
      redis.call('ZADD', VALUES, 0, op.wkey)
    end
    local at = redis.call('ZSCORE', order, op.member)
    if at then
      r = {tonumber(at), 0}
    else
      -- Positions come from a counter that removals never lower, so they are never reused.
      local position = redis.call('INCR', P .. 'p:' .. k) - 1
      redis.call('ZADD', order, position, op.member)
      redis.call('HSET', P .. 'd:' .. k, op.member, op.value)
      redis.call('ZADD', SETS, 0, k)
      r = {position, 1}
    end
    if c == 'B' and r[1] % op.size == op.size - 1 then
      -- {position, added, member, position, value, ...}: the batch in position order, as members.lua reads it.
      append_members(r, k, r[1] - op.size + 1, op.size)
    end
    if c == 'J' then
      -- {position, added, width (-1: none yet), member, position, value, ...} from position 0
      local width = redis.call('HGET', wkey, 'v')
      r[3] = width and tonumber(width) or -1
      if width and r[1] == tonumber(width) then
        append_members(r, k, 0, r[1] + 1)
      end
    end
  elseif c == 'X' then
    for j = op.first, op.first + op.count - 1 do
      if redis.call('ZREM', P .. 's:' .. k, ARGV[j]) == 1 then redis.call('HDEL', P .. 'd:' .. k, ARGV[j]) end
    end
  elseif c == 'I' then
    redis.call('INCRBY', P .. 'n:' .. k, op.delta)
    redis.call('ZADD', COUNTERS, 0, k)
    r = redis.call('GET', P .. 'n:' .. k) -- exact, unlike INCRBY's reply turned into a Lua number
  elseif c == 'L' then
    for j = op.first, op.first + op.count - 1 do redis.call('RPUSH', P .. 'l:' .. k, ARGV[j]) end
    if op.count > 0 then redis.call('ZADD', LISTS, 0, k) end
    r = redis.call('LRANGE', P .. 'l:' .. k, 0, -1)
  end
  results[n + 1] = r
end
return results
