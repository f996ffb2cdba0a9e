// Reading what checks refer to (spec/references.h): captures, line selectors, facts and task
// sets, each validated against the exercise read so far; a misspelt name gets a suggestion.
#pragma once

#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "spec/exercise.h"
#include "spec/yaml_reader.h"

namespace grade::spec {

// The name of an extractor. A capture written instead ("pid_line.pid", or "pid" alone) is
// named as one, with the extractor to write.
std::string read_extractor_name(const YamlReader& reader, const Exercise& exercise,
                                const YAML::Node& node, std::string_view what);

// "extractor.capture".
CaptureRef read_capture(const YamlReader& reader, const Exercise& exercise, const YAML::Node& node,
                        std::string_view what);

// "extractor.capture", "extractor.capture.parent" or "extractor.author.<field>".
LineSelector read_selector(const YamlReader& reader, const Exercise& exercise,
                           const YAML::Node& node, std::string_view what);

// Fails at `node` when `ref` has several values per line (its extractor's `split` or
// `findall`) where one value per line is needed; `why_and_fix` completes the message: "and
// same_line pairs one value per line; ...".
void require_one_value_per_line(const YamlReader& reader, const Exercise& exercise,
                                const YAML::Node& node, const CaptureRef& ref,
                                std::string_view why_and_fix);

// "run.pid", "observed.worker_threads.span", ...
Fact read_fact(const YamlReader& reader, const YAML::Node& node);

// "processes", "worker_threads", ...
TaskSet read_task_set(const YamlReader& reader, const YAML::Node& node, std::string_view what);

}  // namespace grade::spec
