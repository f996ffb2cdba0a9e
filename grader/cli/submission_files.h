// Which files can be a submission for an exercise: those of the languages it accepts (its own
// list, else every language of the course), found as <exercise><extension> in a folder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "spec/course.h"
#include "spec/exercise.h"

namespace grade::cli {

// In the exercise's order (else the course's): the first is the default language.
std::vector<const spec::Language*> accepted_languages(const spec::Course& course,
                                                      const spec::Exercise& exercise);

// "python (.py), cpp (.cpp, .cc, .cxx)", for messages.
std::string describe_languages(const std::vector<const spec::Language*>& languages);

// The existing <exercise><extension> files of `folder`, in the order of the accepted
// languages and their extensions. A symbolic link counts (its grading refuses it and says why).
std::vector<std::filesystem::path> submission_candidates(const spec::Course& course,
                                                         const spec::Exercise& exercise,
                                                         const std::filesystem::path& folder);

// The language a submission file is graded as; throws Error(kUsage) naming the accepted
// languages when the exercise takes no file of its kind.
const spec::Language& language_of(const spec::Course& course, const spec::Exercise& exercise,
                                  const std::filesystem::path& file);

}  // namespace grade::cli
