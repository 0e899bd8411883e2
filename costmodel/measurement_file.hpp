#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "costmodel/network_spec.hpp"

namespace latnas {

// One measured latency: a whole network, or one of its latency units, as read from a measurement
// file (the format is in README.md, "Calibrating the latency model").
struct Measurement {
  std::string where;                // "FILE:LINE" of the row, for messages and reports
  std::string arch;                 // the network's canonical string
  NetworkSpec network;
  std::optional<std::size_t> unit;  // a unit index in `latnas cost` order; none: the whole network
  double ms = 0.0;                  // measured latency, > 0
  std::string origin;               // "ms", "times FILE" (median computeMs) or "profile FILE" (sum of averageMs)
};

// A measurement CSV: a header with `arch` or `onnx`, and `ms` or `times` (a trtexec --exportTimes
// JSON file, relative to the CSV's folder) or `profile` (a trtexec --exportProfile JSON file);
// optionally `unit`. Other columns are ignored. `onnx` rows (a model file, relative to the CSV's
// folder) are read with `onnx_network`, which gives the file's network or throws InputError; without
// one they are refused. Throws InputError "FILE:LINE: problem" on the first bad row, before
// returning any.
using OnnxNetworkReader = std::function<NetworkSpec(const std::filesystem::path&)>;
std::vector<Measurement> read_measurements(const std::filesystem::path& csv, const OnnxNetworkReader& onnx_network = {});
// The same on text already read; relative paths are taken from `base_dir`.
std::vector<Measurement> parse_measurements(std::string_view text, const std::string& source,
                                            const std::filesystem::path& base_dir,
                                            const OnnxNetworkReader& onnx_network = {});

// trtexec --exportTimes: a JSON array of per-iteration records (startInMs, endInMs, startComputeMs,
// endComputeMs, startOutMs, endOutMs, inMs, computeMs, outMs, latencyMs, endToEndMs).
struct TrtexecTimes {
  std::size_t iterations = 0;
  double median_compute_ms = 0.0;  // GPU compute time per inference: what the latency model predicts
  double median_latency_ms = 0.0;  // with host-device transfers (equal to compute with --noDataTransfers)
};
// Throws InputError naming `source` and the record or JSON line at fault.
TrtexecTimes parse_trtexec_times(std::string_view json, const std::string& source);

// trtexec --exportProfile: [{"count": N}, {"name", "timeMs", "averageMs", "medianMs"?, "percentage"}, ...].
struct TrtexecLayer {
  std::string name;
  double time_ms = 0.0;     // total over the profiled iterations
  double average_ms = 0.0;  // per iteration
  double percentage = 0.0;
};
struct TrtexecProfile {
  std::size_t count = 0;  // profiled iterations
  std::vector<TrtexecLayer> layers;
  double total_average_ms = 0.0;  // sum of the layers' averageMs
};
TrtexecProfile parse_trtexec_profile(std::string_view json, const std::string& source);

}  // namespace latnas
