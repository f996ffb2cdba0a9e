#include "check/notebook.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace grade::check {

namespace {

using nlohmann::json;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kResave =
    "open it in Jupyter (or VS Code) and save it again, or hand in the exercise as a .py file";

// A deeper notebook is not one Jupyter wrote; the cap keeps the grader's memory small.
constexpr std::size_t kMaxDepth = 256;

// Where a value of the notebook is, for what to keep of it.
enum class Where { kSkip, kRoot, kMetadata, kKernel, kCells, kCell, kSource, kLeaf };

// A SAX handler that keeps the notebook's skeleton only: nbformat, whether it has worksheets,
// the kernel's language and name, and each cell's type and source. Outputs, attachments and
// every other field are read past, never stored, so a notebook of megabytes of images costs
// its parse and nothing more; a DOM with a callback would rescan each array for what it
// discarded, in time quadratic in its length.
class Skeleton {
 public:
  explicit Skeleton(json& root) : root_(root) {}

  bool null() { return scalar(nullptr); }
  bool boolean(bool value) { return scalar(value); }
  bool number_integer(json::number_integer_t value) { return scalar(value); }
  bool number_unsigned(json::number_unsigned_t value) { return scalar(value); }
  bool number_float(json::number_float_t value, const std::string& /*text*/) {
    return scalar(value);
  }
  bool string(std::string& value) { return scalar(std::move(value)); }
  bool binary(json::binary_t& /*value*/) { return scalar(nullptr); }
  bool start_object(std::size_t /*size*/) { return open(json::object()); }
  bool start_array(std::size_t /*size*/) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& name) {
    frames_.back().key = std::move(name);
    return true;
  }
  bool parse_error(std::size_t /*at*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& error) {
    error_ = error.what();
    return false;
  }

  // Why parsing stopped: nlohmann's message, or the depth cap's.
  const std::string& error() const { return error_; }

 private:
  struct Frame {
    json* node = nullptr;  // null: read past
    Where where = Where::kSkip;
    std::string key;  // the member being read, in an object
  };

  // What a value at the current place becomes: kept as it is (a scalar, or a structure whose
  // members are chosen by the returned place), or read past.
  Where child() const {
    if (frames_.empty()) {
      return Where::kRoot;
    }
    const Frame& at = frames_.back();
    const std::string& k = at.key;
    switch (at.where) {
      case Where::kRoot:
        if (k == "nbformat" || k == "nbformat_minor") {
          return Where::kLeaf;
        }
        return k == "metadata"     ? Where::kMetadata
               : k == "cells"      ? Where::kCells
               : k == "worksheets" ? Where::kLeaf
                                   : Where::kSkip;
      case Where::kMetadata:
        return k == "kernelspec" || k == "language_info" ? Where::kKernel : Where::kSkip;
      case Where::kKernel:
        return k == "language" || k == "display_name" || k == "name" ? Where::kLeaf : Where::kSkip;
      case Where::kCells:
        return Where::kCell;
      case Where::kCell:
        return k == "cell_type" ? Where::kLeaf : k == "source" ? Where::kSource : Where::kSkip;
      case Where::kSource:
        return Where::kLeaf;  // a line; a structure there is kept empty, and refused later
      default:
        return Where::kSkip;
    }
  }

  // The new value's place in its parent (the root when there is none).
  json* insert(json value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& parent = frames_.back();
    if (parent.node->is_array()) {
      parent.node->push_back(std::move(value));
      return &parent.node->back();
    }
    return &((*parent.node)[parent.key] = std::move(value));
  }

  bool kept() const { return frames_.empty() || frames_.back().node != nullptr; }

  bool scalar(json value) {
    if (kept() && child() != Where::kSkip) {
      insert(std::move(value));
    }
    return true;
  }

  bool open(json empty) {
    if (frames_.size() >= kMaxDepth) {
      error_ = fmt::format("nested more than {} levels deep", kMaxDepth);
      return false;
    }
    const Where where = kept() ? child() : Where::kSkip;
    // The children of a leaf are not read: the structure stays empty.
    json* node = where == Where::kSkip ? nullptr : insert(std::move(empty));
    frames_.push_back({where == Where::kLeaf ? nullptr : node, where, {}});
    return true;
  }

  bool close() {
    frames_.pop_back();
    return true;
  }

  json& root_;
  std::vector<Frame> frames_;
  std::string error_;
};

Expected<json> parse(std::string_view text) {
  json root;
  Skeleton skeleton(root);
  bool complete = false;
  try {
    complete = json::sax_parse(text.begin(), text.end(), &skeleton);
  } catch (const json::exception& e) {
    return unexpected(fmt::format("is not valid JSON ({}); {}", e.what(), kResave));
  }
  if (!complete) {
    // nlohmann says "[json.exception.parse_error.101] parse error at line 3, column 5: ...".
    std::string what = skeleton.error();
    const std::size_t at = what.find("parse error at ");
    what = at == std::string::npos ? what : what.substr(at + 15);
    return unexpected(fmt::format("is not valid JSON ({}); {}", what, kResave));
  }
  return root;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

const json* member(const json& object, const char* key) {
  if (!object.is_object()) {
    return nullptr;
  }
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string string_at(const json& object, const char* a, const char* b) {
  const json* outer = member(object, a);
  const json* inner = outer == nullptr ? nullptr : member(*outer, b);
  return inner != nullptr && inner->is_string() ? inner->get<std::string>() : std::string();
}

// The kernel's language, where the notebook says it: only Python notebooks are graded.
Expected<bool> check_kernel(const json& root) {
  const json* metadata = member(root, "metadata");
  if (metadata == nullptr) {
    return true;
  }
  std::string language = string_at(*metadata, "kernelspec", "language");
  if (language.empty()) {
    language = string_at(*metadata, "language_info", "name");
  }
  // "python", "Python", "python3": the kernel's language as Jupyter and VS Code write it.
  if (language.empty() || lower(language).starts_with("python")) {
    return true;
  }
  const std::string kernel = string_at(*metadata, "kernelspec", "display_name");
  return unexpected(fmt::format(
      "was written for the {} language{}, and this exercise is graded as Python; in Jupyter choose "
      "Kernel > Change Kernel > Python 3, make the code Python, and save it again",
      language, kernel.empty() ? "" : fmt::format(" (\"{}\")", kernel)));
}

Expected<bool> check_format(const json& root) {
  if (!root.is_object()) {
    return unexpected(
        fmt::format("is not a Jupyter notebook (its JSON is not an object); {}", kResave));
  }
  const json* major = member(root, "nbformat");
  if (major != nullptr && major->is_number_float() && major->get<double>() == 4.0) {
    return check_kernel(root);  // 4.0, written by hand or by another tool, is 4
  }
  if (major == nullptr || !major->is_number_integer()) {
    return unexpected(
        member(root, "worksheets") != nullptr
            ? fmt::format("is an old notebook (nbformat 3 or older, from before 2015); {}", kResave)
            : fmt::format("is not a Jupyter notebook (it has no \"nbformat\"); {}", kResave));
  }
  // A number past the largest long long is read as unsigned; as long long it would wrap to
  // a negative, "old", version.
  const bool newer = major->is_number_unsigned() ? major->get<std::uint64_t>() > 4
                                                 : major->get<std::int64_t>() > 4;
  if (!newer && major->get<std::int64_t>() < 4) {
    return unexpected(fmt::format(
        "is an old notebook (nbformat {}, from before 2015), which grade does not read; {} "
        "(saving converts it to nbformat 4)",
        major->dump(), kResave));
  }
  if (newer) {
    return unexpected(
        fmt::format("is in nbformat {}, newer than grade reads (4); save it as "
                    "nbformat 4 or hand in a .py file",
                    major->dump()));
  }
  return check_kernel(root);
}

// A cell's source: one string, or a list of strings joined as they are (each keeps its "\n").
Expected<std::string> source_of(const json& cell, int number) {
  const json* source = member(cell, "source");
  std::string text;
  if (source != nullptr && source->is_string()) {
    text = source->get<std::string>();
  } else if (source != nullptr && source->is_array()) {
    for (const json& line : *source) {
      if (!line.is_string()) {
        return unexpected(fmt::format("is damaged: cell {} has a source line that is not text; {}",
                                      number, kResave));
      }
      text += line.get_ref<const std::string&>();
    }
  } else if (source != nullptr) {
    return unexpected(
        fmt::format("is damaged: the source of cell {} is not text; {}", number, kResave));
  }
  return text;
}

// "\r\n" and a lone "\r" end lines as "\n" does (Python reads them so in a file too).
std::string normalize_line_ends(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
    } else {
      out += text[i];
    }
  }
  return out;
}

bool blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

Expected<Notebook> code_cells(const json& root) {
  const json* cells = member(root, "cells");
  if (cells == nullptr || !cells->is_array()) {
    return unexpected(fmt::format("is damaged: it has no list of cells; {}", kResave));
  }
  Notebook notebook;
  for (const json& cell : *cells) {
    const int number = ++notebook.cells;
    const json* type = member(cell, "cell_type");
    if (type == nullptr || !type->is_string()) {
      return unexpected(fmt::format("is damaged: cell {} has no cell_type; {}", number, kResave));
    }
    if (*type != "code") {
      continue;  // markdown and raw cells are text for people, never run
    }
    auto source = source_of(cell, number);
    if (!source) {
      return unexpected(source.error());
    }
    notebook.code.push_back({number, normalize_line_ends(*source)});
  }
  if (notebook.cells == 0) {
    return unexpected("is empty: it has no cells; write the program in code cells and save it");
  }
  if (std::all_of(notebook.code.begin(), notebook.code.end(),
                  [](const CodeCell& c) { return blank(c.source); })) {
    return unexpected(fmt::format(
        "has no code: none of its {} cells is a code cell with code in it; write the program "
        "in code cells (a markdown cell never runs) and save it",
        notebook.cells));
  }
  return notebook;
}

}  // namespace

Expected<Notebook> read_notebook(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) {
    text.remove_prefix(kBom.size());
  }
  auto root = parse(text);
  if (!root) {
    return unexpected(root.error());
  }
  if (auto format = check_format(*root); !format) {
    return unexpected(format.error());
  }
  return code_cells(*root);
}

}  // namespace grade::check
