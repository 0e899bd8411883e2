#pragma once
#include <string>

#include "costmodel/network_spec.hpp"
#include "costmodel/onnx_import.hpp"
#include "costmodel/scorer.hpp"

namespace latnas {

// A network named on the command line or in a config: a built-in model name or a canonical
// architecture string (anything containing '='). Throws InputError naming what was wrong.
NetworkSpec network_from_reference(const std::string& model_or_arch);

// The network of an ONNX file (--onnx FILE) as an architecture string, for commands that need one
// (proxy, export). InputError naming the file when it cannot be read or is not expressible as one.
NetworkSpec network_from_onnx(const std::string& file);

// An imported ONNX model scored unit by unit: its units' latencies, the file's counts, and the
// proxy on the recovered architecture string (accuracy NaN and not in range when there is none).
Score score_imported(const Scorer& scorer, const OnnxImport& imported, std::vector<UnitScore>& units);

}  // namespace latnas
