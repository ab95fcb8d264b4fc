#!/usr/bin/env bash
# The GPU check of the ilgpu solver, for a machine with an NVIDIA GPU (about 8 minutes on one H200):
#   1. builds in Release,
#   2. runs the ilgpu parity tests on CUDA (GROUPREDUCE_TEST_ACCELERATOR=cuda),
#   3. runs the OBW-scale benchmark (793,471 x 1024 embedding + softmax, 6.6x, 10 groups, 3 refinement iterations)
#      with the ilgpu solver, sampling the GPU's memory with nvidia-smi,
#   4. prints: device, kernel compile time, GFLOP/s per kernel (and share of fp32 peak), end-to-end time, peak device memory.
# Usage: bench/gpu/run.sh [--cpu] [--scale S] [--data DIR]
#   --cpu    the same steps on ILGPU's CPU accelerator at a tiny scale (no GPU needed; checks the script itself)
#   --scale  the benchmark's scale (default 1.0 on CUDA, 0.0005 with --cpu)
set -euo pipefail
cd "$(dirname "$0")/../.."

accelerator=cuda
scale=""
data="bench/data"
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu) accelerator=cpu ;;
    --scale) scale="$2"; shift ;;
    --data) data="$2"; shift ;;
    *) echo "unknown option $1; use --cpu, --scale S, --data DIR" >&2; exit 2 ;;
  esac
  shift
done

if [ "$accelerator" = cuda ]; then
  scale="${scale:-1.0}"; dim=1024
  if ! command -v nvidia-smi >/dev/null 2>&1; then
    echo "gpu: nvidia-smi not found: this check needs an NVIDIA GPU (use --cpu to check the script on the CPU accelerator)" >&2
    exit 1
  fi
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
else
  scale="${scale:-0.0005}"; dim=64
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
out="$(mktemp -d)"
sampler=""
# Only the sampler this script started (an empty id must never become "kill 0", the whole process group).
trap 'if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; fi; rm -rf "$out"' EXIT

step() { echo; echo "== $* ($(date +%T))"; }

step "build (Release)"
timeout 240 dotnet build -c Release tests/GroupReduce.Plugins.Ilgpu.Tests -v q -nologo
timeout 240 dotnet build -c Release bench/GroupReduce.Bench -v q -nologo

step "parity tests on $accelerator"
GROUPREDUCE_TEST_ACCELERATOR="$accelerator" timeout 180 dotnet test tests/GroupReduce.Plugins.Ilgpu.Tests -c Release --no-build \
  --logger "console;verbosity=minimal" | tee "$out/tests.txt"

step "OBW-scale benchmark: scale $scale, d = $dim, ilgpu on $accelerator"
if [ "$accelerator" = cuda ]; then
  # Device memory as the driver sees it (context and buffers), every 200 ms.
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 > "$out/memory.txt" &
  sampler=$!
fi
timeout 420 dotnet bench/GroupReduce.Bench/bin/Release/net10.0/GroupReduce.Bench.dll \
  --scale "$scale" --dim "$dim" --groups 10 --rate 6.6 --iterations 3 --threads "$(nproc)" \
  --solver ilgpu --accelerator "$accelerator" --data "$data" | tee "$out/bench.txt"
if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; sampler=""; fi

step "summary"
grep -E "^(Passed!|Failed!)" "$out/tests.txt" | sed 's/^/tests: /' || echo "tests: no result line"
grep -E "^solver device:" "$out/bench.txt" || true
grep -E "device [0-9]+: .*kernels compiled in" "$out/bench.txt" | sed -E 's/.*kernels compiled in/kernel compile time:/' || true
grep -E "^end-to-end|^kernel compile:|^result:|^device fp32 peak" "$out/bench.txt" || true
grep -E "^  kernel " "$out/bench.txt" || true
grep -E "peak device memory" "$out/bench.txt" | sed -E 's/.*peak device memory/solver buffers, peak:/' || true
if [ -s "${out}/memory.txt" ]; then
  echo "device memory in use, peak (nvidia-smi): $(sort -n "$out/memory.txt" | tail -1) MiB"
fi
