/**
 * Lua, prepended to the scripts that keep a subject's index and refs sets: `extendTtl(key, before, ttl)`
 * gives `key` the TTL `ttl` (ms) unless it already lives longer, or makes it permanent when `ttl` is 0.
 * `before` is the key's PTTL read before the script added to it (-2: it did not exist). The one rule
 * behind "the index lives as long as the longest-lived key it lists".
 */
export const EXTEND_TTL_LUA = `
local function extendTtl(key, before, ttl)
  if ttl == 0 then
    redis.call('PERSIST', key)
  elseif before == -2 or (before >= 0 and before < ttl) then
    redis.call('PEXPIRE', key, ttl)
  end
end
`;
