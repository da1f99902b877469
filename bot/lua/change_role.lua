-- Directory.change_role: grant or take away one role, in one step (two managers changing
-- the same person's roles at once both count).
-- KEYS[1] the roles hash; ARGV[1] user, ARGV[2] role, ARGV[3] '1' to grant / '0' to take
-- away. The roles are stored sorted and comma-separated; the field goes when none is
-- left. Returns the roles held after the change ('' for none).
local held = {}
for role in string.gmatch(redis.call('HGET', KEYS[1], ARGV[1]) or '', '[^,]+') do
  if role ~= ARGV[2] then table.insert(held, role) end
end
if ARGV[3] == '1' then table.insert(held, ARGV[2]) end
table.sort(held)
local value = table.concat(held, ',')
if value == '' then redis.call('HDEL', KEYS[1], ARGV[1])
else redis.call('HSET', KEYS[1], ARGV[1], value) end
return value
