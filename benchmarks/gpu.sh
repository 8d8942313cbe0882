#!/usr/bin/env bash
# GPU benchmark in one command, on a Linux machine with an NVIDIA GPU and its driver:
#   bash benchmarks/gpu.sh [bench_gpu options]
# Installs what it needs into .venv-gpu (PyPI's torch 2.13.0 wheel for Linux carries CUDA),
# unless a .venv whose torch already sees the GPU is there; then measures passages/s in fp16
# through sentence-transformers (tokenising included) and the 1M embedding + FAISS build time.
set -euo pipefail
cd "$(dirname "$0")/.."
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || {
  echo "no NVIDIA GPU found (nvidia-smi failed)"; exit 1; }
PY=""
for venv in .venv-gpu .venv; do
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)" 2>/dev/null; then
    PY="$venv/bin/python"; break
  fi
done
if [ -z "$PY" ]; then
  python3 -m venv .venv-gpu
  .venv-gpu/bin/pip install -q --upgrade pip
  .venv-gpu/bin/pip install -q "torch==2.13.0" -e .
  PY=.venv-gpu/bin/python
fi
"$PY" -c "import torch; print('torch', torch.__version__, 'cuda', torch.version.cuda, torch.cuda.get_device_name(0))"
exec "$PY" -m benchmarks.bench_gpu "$@"
