-- Register.mark_fixed: close a defect entry if it is still as read (compare and set).
-- KEYS[1] entries (hash), KEYS[2] open ids, KEYS[3] fixed ids
-- ARGV[1] id, ARGV[2] the entry as read, ARGV[3] the fixed entry, ARGV[4] opened (ms)
-- Returns 'ok', or 'stale' when the entry changed since it was read.
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 'stale' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
return 'ok'
