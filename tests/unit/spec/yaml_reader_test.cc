#include "spec/yaml_reader.h"

#include <cmath>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "spec/limits.h"
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

// `value` read from the one-line document "v: <value>".
YAML::Node scalar(const std::string& value) { return YAML::Load("v: " + value)["v"]; }

TEST(YamlReader, NumbersAreFiniteAndReadWithoutYamlCpp) {
  EXPECT_EQ(reader().number(scalar("2.5"), "value"), 2.5);
  EXPECT_EQ(reader().number(scalar("+3"), "value"), 3.0);
  EXPECT_EQ(reader().number(scalar("-1e-3"), "value"), -0.001);
  EXPECT_FALSE(reader().is_number(scalar("'2.5'")));  // quoted: text
  EXPECT_FALSE(reader().is_number(scalar("+-1")));
  EXPECT_FALSE(reader().is_number(scalar("0x10")));
  for (const char* text : {"nan", "inf", "-inf", "infinity", ".inf", "-.inf", ".NaN"}) {
    EXPECT_TRUE(reader().is_number(scalar(text))) << text;
    EXPECT_EQ(error_of([&] { reader().number(scalar(text), "value"); }),
              std::string(":1:4: value must be a finite number, found '") + text + "'");
  }
  EXPECT_EQ(error_of([] { reader().number(scalar("1e999"), "value"); }),
            ":1:4: value '1e999' is out of range (too large, or too close to zero)");
  EXPECT_EQ(error_of([] { reader().number(scalar("abc"), "value"); }),
            ":1:4: value must be a number, found 'abc'");
}

std::chrono::milliseconds duration(const std::string& text) {
  return reader().duration(scalar(text), "wall_time", kMaxWallTime);
}

std::size_t size(const std::string& text) {
  return reader().byte_size(scalar(text), "output_bytes", kMaxOutputBytes);
}

TEST(YamlReader, DurationsAreAtLeastOneMillisecondAndAtMostAnHour) {
  EXPECT_EQ(duration("1.5s"), std::chrono::milliseconds(1500));
  EXPECT_EQ(duration("2min"), std::chrono::milliseconds(120'000));
  EXPECT_EQ(duration("60m"), kMaxWallTime);
  EXPECT_EQ(duration("0.5ms"), std::chrono::milliseconds(1));  // rounds half away from zero
  EXPECT_EQ(error_of([] { duration("0.4ms"); }),
            ":1:4: wall_time must be at least 1ms, found '0.4ms'");
  EXPECT_EQ(error_of([] { duration("3601s"); }),
            ":1:4: wall_time must be at most 60m, found '3601s'");
  EXPECT_EQ(error_of([] { duration(std::string(400, '9') + "s"); }).substr(0, 36),
            ":1:4: wall_time must be at most 60m,");
  EXPECT_EQ(error_of([] { duration("0s"); }),
            ":1:4: wall_time must be a positive duration such as 500ms, 10s or 2m, found '0s'");
  EXPECT_EQ(error_of([] { duration("0." + std::string(400, '0') + "1s"); }).substr(0, 50),
            ":1:4: wall_time must be a positive duration such a");
  EXPECT_EQ(error_of([] { duration("2h"); }),
            ":1:4: wall_time must be a positive duration such as 500ms, 10s or 2m, found '2h'");
}

TEST(YamlReader, SizesAreAtLeastOneByteAndAtMostOneGibibyte) {
  EXPECT_EQ(size("64KiB"), 65536U);
  EXPECT_EQ(size("1GiB"), kMaxOutputBytes);
  EXPECT_EQ(size("1.5"), 2U);
  EXPECT_EQ(error_of([] { size("0.3"); }),
            ":1:4: output_bytes must be at least 1 byte, found '0.3'");
  EXPECT_EQ(error_of([] { size("1025MiB"); }),
            ":1:4: output_bytes must be at most 1GiB, found '1025MiB'");
  EXPECT_EQ(error_of([] { size("99999999999999999999999"); }),
            ":1:4: output_bytes must be at most 1GiB, found '99999999999999999999999'");
}

TEST(YamlReader, EntriesRejectAKeyWrittenTwice) {
  const YAML::Node node = YAML::Load("a: 1\nb: 2\na: 3\n");
  EXPECT_EQ(error_of([&] { reader().entries(node, "extract"); }),
            ":3:1: key 'a' appears twice in extract (first at line 1)");
  EXPECT_EQ(reader().entries(YAML::Load("{b: 1, a: 2}"), "extract").front().first.Scalar(), "b");
  EXPECT_EQ(error_of([] { reader().entries(YAML::Load("[1]"), "extract"); }),
            ":1:1: extract must be a mapping of keys to values, found a list");
  EXPECT_EQ(error_of([] { reader().entries(YAML::Load("{[a]: 1}"), "extract"); }),
            ":1:2: a key of extract must be a string, found a list");
}

}  // namespace
}  // namespace grade::spec
