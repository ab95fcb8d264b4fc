#!/usr/bin/env bash
# Issue 12's ONNX Runtime benchmark: builds bench/GroupReduce.Bench.Onnx in Release and runs it (about a minute on
# 2 cores after the first run, which also writes the 200 MB synthetic softmax and its .onnx under the data folder).
# Usage: bench/onnx/run.sh [--rows 100000] [--columns 512] [--data bench/data] [--batches 1,8,64] [--seconds 2] [--interleave] [--profile]
#   --interleave  one run of each model in turn (cold caches) instead of blocks of about 0.1 s
#   --profile     ORT's per-node times of both models at each batch size, one thread, instead of the table
# How to read the output: bench/onnx/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build -c Release bench/GroupReduce.Bench.Onnx -v q -nologo
dotnet bench/GroupReduce.Bench.Onnx/bin/Release/net10.0/GroupReduce.Bench.Onnx.dll "$@"
