-- Outbox: keep the place in a channel's line of the oldest notice a batch sent back.
-- KEYS[1] a channel's line; ARGV[1] the oldest due time (ms) sent back, ARGV[2] for how
-- long (ms). Returns 0.
local first = redis.call('GET', KEYS[1])
if not first or tonumber(ARGV[1]) < tonumber(first) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 0
