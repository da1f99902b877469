-- Deliveries.done_all: many records set to one value in one call (a digest's notices
-- marked done). KEYS the records; ARGV[1] the value, ARGV[2] its seconds. Returns how
-- many were set.
for _, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[1], 'EX', ARGV[2])
end
return #KEYS
