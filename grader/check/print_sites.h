// Where in a notebook a printed line most likely comes from, found in its code: the line whose
// string literal starts the printed text. A near miss ("Proces ID: 4102") then names the cell
// and line to change, which a student cannot find by a line number of the output.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "check/notebook.h"

namespace grade::check {

class PrintSites {
 public:
  PrintSites() = default;
  explicit PrintSites(const Notebook& notebook);

  // "cell 3, line 2": the code line with the longest literal that starts `printed` (at least
  // three characters of it); empty when there is none, or more than one line ties.
  std::string where(std::string_view printed) const;

 private:
  struct Site {
    std::string text;  // the literal up to its first placeholder ({, %) or escape
    int cell = 0;
    int line = 0;
  };
  std::vector<Site> sites_;
};

}  // namespace grade::check
