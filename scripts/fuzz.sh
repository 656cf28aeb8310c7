#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build-fuzz/ and runs each for
# SECONDS (default 60), JOBS targets at a time (default 1). Seeds come from data/ and the test
# fixtures; new inputs are kept in build-fuzz/corpus/TARGET, crashes in build-fuzz/crashes/.
# Usage: scripts/fuzz.sh [SECONDS] [JOBS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
jobs=${2:-1}
shift $(( $# > 2 ? 2 : $# ))
targets=("$@")
((${#targets[@]})) || targets=(fuzz_text_article fuzz_json_line fuzz_analyzer fuzz_query fuzz_stored_formats)
if ! dpkg-query -W -f='${Status}' clang libclang-rt-14-dev 2>/dev/null | grep -q "ok installed"; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
fi
scripts/install-deps.sh
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDEPECHE_FUZZ=ON -DDEPECHE_WERROR=OFF -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}"
mkdir -p build-fuzz/crashes
seed_corpus() {  # one small file per seed: articles, JSON lines, queries
  local target=$1 dir=build-fuzz/corpus/$1
  mkdir -p "$dir"
  case $target in
    fuzz_json_line) find data -name '*.jsonl' -exec split -l 1 {} "$dir/line-" \; ;;
    fuzz_query) printf '%s\n' 'onu erdogan' '"cessez le feu" OR idleb' 'title:syrie -turquie date:2020-02' \
                  'négo* NEAR/3 (a OR b)' | split -l 1 - "$dir/query-" ;;
    *) find data -name '*.txt' -exec cp {} "$dir/" \; ;;
  esac
}
status=0
run_one() {
  local target=$1
  seed_corpus "$target"
  echo "== $target for ${seconds}s"
  if ! build-fuzz/fuzz/"$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
       -artifact_prefix=build-fuzz/crashes/"$target"- build-fuzz/corpus/"$target" \
       > build-fuzz/"$target".log 2>&1; then
    echo "!! $target found a problem: see build-fuzz/$target.log and build-fuzz/crashes/"
    return 1
  fi
  grep -E "^#[0-9]+.*(DONE|pulse)" build-fuzz/"$target".log | tail -1
}
running=0
for target in "${targets[@]}"; do
  run_one "$target" &
  running=$((running + 1))
  if ((running >= jobs)); then wait -n || status=1; running=$((running - 1)); fi
done
while ((running > 0)); do wait -n || status=1; running=$((running - 1)); done
exit $status
