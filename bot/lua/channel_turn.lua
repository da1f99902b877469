-- Outbox: take a channel's posting turn, unless it is taken or kept for older notices.
-- The turn's key holds when the turn ends (epoch ms on the desk's clock) and expires then,
-- so every notice sent back for the next turn, from any worker, is put back at that same
-- instant and they meet in one job (and one digest).
-- The line for a channel's turns: whoever sends notices back for the next turn leaves the
-- oldest one's due time (KEYS[2], kept two turns at most: notices that do not come back,
-- their ticket answered meanwhile, do not block the channel). Without it a batch of newer
-- notices that happens to run first at the turn's end takes the turn, and the same old
-- notices wait again, turn after turn.
-- KEYS[1] the channel's turn, KEYS[2] its line; ARGV[1] a turn (ms), ARGV[2] the oldest
-- due time (ms) among the notices asking, ARGV[3] now (ms). Returns 0 (the turn is
-- theirs), -1 (the turn is kept for older notices), or when the current turn ends (ms);
-- asking keeps their place.
local now = tonumber(ARGV[3])
local left = redis.call('PTTL', KEYS[1])
local first = redis.call('GET', KEYS[2])
if left <= 0 and not (first and tonumber(first) < tonumber(ARGV[2])) then
  redis.call('SET', KEYS[1], now + tonumber(ARGV[1]), 'PX', ARGV[1])
  if first and tonumber(first) >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[2]) end
  return 0
end
if not first or tonumber(ARGV[2]) < tonumber(first) then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', 2 * tonumber(ARGV[1]))
end
if left > 0 then
  -- as written by whoever took the turn; a clock behind or ahead of ours reads as what
  -- remains of the key's life
  local ends = tonumber(redis.call('GET', KEYS[1])) or 0
  if ends <= now or ends > now + tonumber(ARGV[1]) then ends = now + left end
  return ends
end
return -1
