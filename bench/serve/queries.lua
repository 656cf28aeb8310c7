-- wrk script: each request is /api/search for the next query of bench/queries.tsv (query,
-- since, until), every thread starting at its own point. Non-2xx answers are counted by wrk
-- ("Non-2xx or 3xx responses") and reported by run.sh as failures.
--   wrk -t2 -c50 -d30s --latency -s queries.lua http://127.0.0.1:PORT -- bench/queries.tsv
local paths = {}
local next_path = 1

local function encode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function split_tabs(line)
  local columns = {}
  for column in (line .. "\t"):gmatch("([^\t]*)\t") do columns[#columns + 1] = column end
  return columns
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" and line:sub(1, 1) ~= "#" then
      local columns = split_tabs(line)
      local path = "/api/search?q=" .. encode(columns[2])
      if columns[3] and columns[3] ~= "" then path = path .. "&since=" .. encode(columns[3]) end
      if columns[4] and columns[4] ~= "" then path = path .. "&until=" .. encode(columns[4]) end
      paths[#paths + 1] = path
    end
  end
  next_path = (wrk.thread_index or math.random(1, #paths)) % #paths + 1
end

function setup(thread)
  thread_count = (thread_count or 0) + 1
  thread:set("thread_index", thread_count * 97)
end

function request()
  local path = paths[next_path]
  next_path = next_path % #paths + 1
  return wrk.format("GET", path)
end
