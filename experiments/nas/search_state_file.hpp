#pragma once
#include <filesystem>
#include <string>

#include "experiments/nas/search_run.hpp"

namespace latnas {

// The file in a run folder from which a longer run continues (written with the other outputs).
inline constexpr const char* kStateFile = "state.latnas";

// state.latnas, version 1: a text file of "key values..." lines, one section per part of the
// engine's state (settings, initial networks, counters, the strategy's population, the archive,
// the repeat table's keys, the log book, a cut-short last generation), numbers in shortest
// round-trip form, genomes in the space's genome notation, ending with "end" so that a cut file is
// recognised. The repeat table's keys alone are raw bytes (8 each, little-endian, then a newline):
// random numbers, they would take twice the room as text.
// The fingerprint and algorithm recorded are the run's (SearchRun::resume_fingerprint).
std::string search_state_text(const SearchRun& run, const search::SearchState<Genome>& state);
// Writes search_state_text to `path` atomically (temporary file, then rename).
void write_search_state(const std::filesystem::path& path, const SearchRun& run, const search::SearchState<Genome>& state);

// Reads a state file written for a run over the same space as `run`. Throws InputError naming
// the file and line ("state.latnas line 12: expected a number, got 'x'") for a malformed, cut or
// foreign file, and for a file of another format version.
SavedSearch read_search_state(const std::filesystem::path& path, const SearchRun& run);

}  // namespace latnas
