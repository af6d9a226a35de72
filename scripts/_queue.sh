#!/bin/sh
# background training queue: model:epochs ...
cd /work/wt/f-ml
for spec in "$@"; do
  m=${spec%%:*}; e=${spec##*:}
  echo "=== $m $e $(date)" >> ml-runs/queue.log
  nice -n 19 npx tsx scripts/train.ts --model $m --epochs $e --backend wasm > ml-runs/$m.log 2>&1
  echo "=== $m done rc=$? $(date)" >> ml-runs/queue.log
done
