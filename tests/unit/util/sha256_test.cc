#include "util/sha256.h"

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace grade {
namespace {

TEST(Sha256, MatchesKnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, FileDigestEqualsDigestOfItsBytes) {
  const TempDir dir = TempDir::create("grade-sha-").value();
  const std::string content(200'000, 'x');  // more than one read buffer
  std::ofstream(dir.path() / "f", std::ios::binary) << content;
  const auto digest = sha256_file(dir.path() / "f");
  ASSERT_TRUE(digest.has_value()) << digest.error();
  EXPECT_EQ(*digest, sha256_hex(content));
  EXPECT_FALSE(sha256_file(dir.path() / "missing").has_value());
}

}  // namespace
}  // namespace grade
