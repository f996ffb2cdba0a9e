#include "util/sha256.h"

#include <openssl/evp.h>

#include <array>
#include <fmt/format.h>
#include <fstream>
#include <memory>

namespace grade {

namespace {

struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestContextDeleter>;

std::string to_hex(const unsigned char* bytes, unsigned int size) {
  std::string hex;
  hex.reserve(size * 2U);
  for (unsigned int i = 0; i < size; ++i) {
    hex += fmt::format("{:02x}", bytes[i]);
  }
  return hex;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  // EVP_Digest only fails on allocation failure; an empty result would be visible in output.
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    return {};
  }
  return to_hex(digest.data(), size);
}

Expected<std::string> sha256_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(fmt::format("cannot open {} for reading", path.string()));
  }
  const DigestContext ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    return unexpected("cannot initialise SHA-256");
  }
  std::array<char, 65536> buffer{};
  while (in) {
    in.read(buffer.data(), buffer.size());
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got > 0 && EVP_DigestUpdate(ctx.get(), buffer.data(), got) != 1) {
      return unexpected("SHA-256 update failed");
    }
  }
  if (in.bad()) {
    return unexpected(fmt::format("error while reading {}", path.string()));
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &size) != 1) {
    return unexpected("SHA-256 finalisation failed");
  }
  return to_hex(digest.data(), size);
}

}  // namespace grade
