#include "util/sha256.h"

#include <array>
#include <fstream>

#include <fmt/format.h>
#include <nettle/sha2.h>

namespace grade {

namespace {

// Nettle rather than OpenSSL: OpenSSL 3 loads its configuration and providers on first use,
// which cost more than the rest of a grading's start-up together.
class Sha256 {
 public:
  Sha256() { sha256_init(&ctx_); }
  void update(const char* data, std::size_t size) {
    sha256_update(&ctx_, size, reinterpret_cast<const std::uint8_t*>(data));
  }
  std::string hex() {
    std::array<std::uint8_t, SHA256_DIGEST_SIZE> digest{};
    sha256_digest(&ctx_, digest.size(), digest.data());
    std::string out;
    out.reserve(digest.size() * 2);
    for (const std::uint8_t byte : digest) {
      out += fmt::format("{:02x}", byte);
    }
    return out;
  }

 private:
  sha256_ctx ctx_{};
};

}  // namespace

std::string sha256_hex(std::string_view data) {
  Sha256 sha;
  sha.update(data.data(), data.size());
  return sha.hex();
}

Expected<std::string> sha256_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(fmt::format("cannot open {} for reading", path.string()));
  }
  Sha256 sha;
  std::array<char, 65536> buffer{};
  while (in) {
    in.read(buffer.data(), buffer.size());
    sha.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    return unexpected(fmt::format("error while reading {}", path.string()));
  }
  return sha.hex();
}

}  // namespace grade
