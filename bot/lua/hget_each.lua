-- Cards.with_tickets: many hash fields in one call (a batch's tickets and card refs).
-- KEYS[i] a hash, ARGV[i] the field read from it. Returns the values in order, false
-- (nil in Python) where the hash or the field is missing.
local found = {}
for i, key in ipairs(KEYS) do
  found[i] = redis.call('HGET', key, ARGV[i])
end
return found
