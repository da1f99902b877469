-- Deliveries.lease_each: an attempt takes the sent-records of many notices at once.
-- KEYS the notices' sent-records; ARGV[1] the lease ("sending <attempt>"), ARGV[2] its
-- seconds. Each record not yet there is taken (SET NX EX). Returns, in order, "" where
-- it was taken, else the record as it stands ("done", or another attempt's lease).
local states = {}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, ARGV[1], 'NX', 'EX', ARGV[2]) then
    states[i] = ''
  else
    states[i] = redis.call('GET', key) or ''
  end
end
return states
