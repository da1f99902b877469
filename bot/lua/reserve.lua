-- Store.reserve_number: the ticket number a request owns.
-- KEYS[1] the workspace's ticket counter, KEYS[2] the idempotency key
-- ARGV[1] idempotency ttl seconds. Returns the ticket id the request owns: the one it
-- reserved before (a retried delivery), or the next one. Duplicates spend no number.
local seen = redis.call('GET', KEYS[2])
if seen then return seen end
redis.call('SETNX', KEYS[1], 1000)
local number = redis.call('INCR', KEYS[1])
local id = 'T-' .. number
redis.call('SET', KEYS[2], id, 'EX', tonumber(ARGV[1]))
return id
