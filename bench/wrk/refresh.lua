-- Refresh-token rotation for wrk: each refresh token is good once, so every request takes one from
-- its thread's pool and every answer puts the new one back. The pool starts with the tokens in the
-- file BENCH_REFRESH_TOKENS (one a line), shared out between wrk's threads (BENCH_THREADS of them);
-- each thread needs more tokens than it has connections: wrk calls request() once on the first thread
-- to check the script, and that token is never sent. Client authentication is BENCH_AUTHORIZATION.
local threads = 0

function setup(thread)
  thread:set("index", threads)
  threads = threads + 1
end

function init(args)
  pool = {}
  local count = tonumber(os.getenv("BENCH_THREADS"))
  local line_number = 0
  for line in io.lines(os.getenv("BENCH_REFRESH_TOKENS")) do
    if line_number % count == index then
      table.insert(pool, line)
    end
    line_number = line_number + 1
  end
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = os.getenv("BENCH_AUTHORIZATION"),
  }
end

function request()
  -- An empty pool (an answer without a token) sends a token that cannot work: it shows as non-2xx.
  local token = table.remove(pool, 1) or "exhausted"
  return wrk.format("POST", nil, headers, "grant_type=refresh_token&refresh_token=" .. token)
end

function response(status, headers, body)
  local token = body:match('"refresh_token":"([^"]+)"')
  if token then
    table.insert(pool, token)
  end
end
