-- Store.commit: write a ticket if its revision is unchanged, with every write derived
-- from it (indexes, SLA sets, schedule, history, the defect register's), in one step.
-- KEYS[1] ticket, KEYS[2] idempotency key (or the ticket key again), KEYS[3..] others.
-- ARGV[1] expected rev (-1: must not exist), ARGV[2] ticket json, ARGV[3] new rev,
-- ARGV[4] ops json, ARGV[5] ticket id, ARGV[6] idempotency ttl seconds (0: none)
-- Returns {'ok', rev}, {'stale', stored rev} or {'dup', the ticket id the key made}.
local cur = redis.call('HGET', KEYS[1], 'rev')
if ARGV[6] ~= '0' then
  local seen = redis.call('GET', KEYS[2])
  if seen and seen ~= ARGV[5] then return {'dup', seen} end
end
if ARGV[1] == '-1' then
  if cur then return {'stale', cur} end
elseif cur ~= ARGV[1] then
  return {'stale', cur or ''}
end
redis.call('HSET', KEYS[1], 'rev', ARGV[3], 'json', ARGV[2])
for _, op in ipairs(cjson.decode(ARGV[4])) do
  local key = KEYS[op[2]]
  if op[1] == 'zadd' then redis.call('ZADD', key, op[3], op[4])
  elseif op[1] == 'zrem' then redis.call('ZREM', key, op[3])
  elseif op[1] == 'xadd' then redis.call('XADD', key, '*', unpack(op[3]))
  elseif op[1] == 'hset' then redis.call('HSET', key, op[3], op[4])
  end
end
if ARGV[6] ~= '0' then redis.call('SET', KEYS[2], ARGV[5], 'EX', tonumber(ARGV[6])) end
return {'ok', ARGV[3]}
