#!/usr/bin/env bash
# Prints the ONNX Runtime library that scripts/install-deps.sh installed (PyPI onnxruntime in
# .tools/ml), or nothing. The server and the tests load it through ORT_DYLIB_PATH.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ls "$root"/.tools/ml/lib/python3*/site-packages/onnxruntime/capi/libonnxruntime.so.* 2>/dev/null | head -n1
