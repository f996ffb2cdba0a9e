#include "spec/map_reader.h"

#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/spec_error.h"
#include "util/error.h"

namespace grade::spec {
namespace {

// A function, not a global: constructing a reader allocates, which may throw before main.
const YamlReader& reader() {
  static const YamlReader instance(testing::kSpecFileName);
  return instance;
}

std::string error_of(const std::function<void()>& read) { return testing::spec_error_of(read); }

TEST(MapReader, RejectsUnknownAndRepeatedKeysWhenMade) {
  const auto make = [](const std::string& yaml) {
    (void)MapReader(reader(), YAML::Load(yaml), "a check", {"id", "title", "points"});
  };
  EXPECT_EQ(error_of([&] { make("{id: a, titel: A}"); }),
            ":1:9: unknown key 'titel' in a check; did you mean 'title'?");
  EXPECT_EQ(error_of([&] { make("{id: a, colour: red}"); }),
            ":1:9: unknown key 'colour' in a check (valid keys: id, title, points)");
  EXPECT_EQ(error_of([&] { make("{id: a,\n title: A,\n id: b}"); }),
            ":3:2: key 'id' appears twice in a check (first at line 1)");
}

TEST(MapReader, SuggestsOnlyKeysTheMappingLacks) {
  const std::vector<std::string> keys = {"of", "op", "value"};
  // 'fo' is as close to 'op' as to 'of', but 'op' is there already.
  EXPECT_EQ(
      error_of([&] { (void)MapReader(reader(), YAML::Load("{fo: x, op: '=='}"), "each", keys); }),
      ":1:2: unknown key 'fo' in each; did you mean 'of'?");
  const MapReader map(reader(), YAML::Load("{op: '==', value: 1}"), "each", keys);
  EXPECT_EQ(error_of([&] { map.required("of"); }), ":1:1: each needs the key 'of'");
  EXPECT_EQ(map.required("op").Scalar(), "==");
  EXPECT_FALSE(map.optional("of").has_value());
}

TEST(MapReader, ReadingAnUndeclaredKeyIsAnInternalError) {
  const MapReader map(reader(), YAML::Load("{id: a}"), "a check", {"id"});
  try {
    (void)map.optional("title");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInternal);
  }
}

}  // namespace
}  // namespace grade::spec
