-- Dispatcher: remove the schedule entries of a job once queued, each only if it still has
-- the score that was dispatched (a re-plan that moved it meanwhile keeps it).
-- KEYS[1] the workspace's schedule; ARGV entry, score, entry, score… (scores as read).
-- Returns how many were removed.
local taken = 0
for i = 1, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) == tonumber(ARGV[i + 1]) then
    taken = taken + redis.call('ZREM', KEYS[1], ARGV[i])
  end
end
return taken
