// Which files can be a submission for an exercise: those of the languages it accepts (its own
// list, else every language of the course), found as <exercise><extension> in a folder.
#pragma once

#include <cstddef>
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

// Files a student may have meant when `folder` has no <exercise><extension>: names that start
// with the exercise's id whatever the case (Ex1.py, ex1_solution.py, ex1.py.txt) and files
// named as a submission inside a subfolder named like the exercise (ex1/ex1.py); relative to
// `folder`, sorted, at most `limit`. Reads at most a few thousand entries: a folder is not
// searched.
std::vector<std::filesystem::path> near_submissions(const spec::Course& course,
                                                    const spec::Exercise& exercise,
                                                    const std::filesystem::path& folder,
                                                    std::size_t limit = 5);

// The language a submission file is graded as; throws Error(kUsage) naming the accepted
// languages when the exercise takes no file of its kind.
const spec::Language& language_of(const spec::Course& course, const spec::Exercise& exercise,
                                  const std::filesystem::path& file);

}  // namespace grade::cli
