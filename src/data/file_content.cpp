#include "data/file_content.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/std.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

namespace omega::data {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// zlib counts in uInt; feed it in chunks that always fit.
constexpr std::size_t kZlibChunk = std::size_t{1} << 30;

}  // namespace

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Result<std::string> gunzip(std::string_view compressed, std::string_view name) {
  z_stream zs{};
  // 16 + MAX_WBITS: expect a gzip wrapper, not raw zlib.
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    return Error(ErrorCode::kInternal, fmt::format("{}: cannot initialise zlib", name));
  }
  std::string out;
  out.resize(compressed.size() * 4 + 4096);
  std::size_t in_pos = 0;
  std::size_t out_pos = 0;
  int rc = Z_OK;
  while (true) {
    if (out_pos == out.size()) out.resize(out.size() * 2);
    const std::size_t in_chunk = std::min(compressed.size() - in_pos, kZlibChunk);
    const std::size_t out_chunk = std::min(out.size() - out_pos, kZlibChunk);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data() + in_pos));
    zs.avail_in = static_cast<uInt>(in_chunk);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + out_pos);
    zs.avail_out = static_cast<uInt>(out_chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    in_pos += in_chunk - zs.avail_in;
    out_pos += out_chunk - zs.avail_out;
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members are one logical file (as gzip -d treats them).
      if (in_pos < compressed.size() && is_gzip(compressed.substr(in_pos))) {
        inflateReset(&zs);
        continue;
      }
      break;
    }
    if (rc == Z_BUF_ERROR && in_pos == compressed.size() && zs.avail_out != 0) {
      inflateEnd(&zs);
      return Error(ErrorCode::kParse,
                   fmt::format("{}: truncated gzip stream (ends after {} compressed bytes)", name,
                               compressed.size()));
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      const std::string msg = zs.msg != nullptr ? zs.msg : "unknown zlib error";
      inflateEnd(&zs);
      return Error(
          ErrorCode::kParse,
          fmt::format("{}: corrupt gzip stream at compressed byte {}: {}", name, in_pos, msg));
    }
  }
  inflateEnd(&zs);
  out.resize(out_pos);
  return out;
}

Result<std::string> load_file_content(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    const int err = errno;
    return Error(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                 fmt::format("{}: cannot open: {}", path.string(), std::strerror(err)));
  }
  std::string bytes;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) bytes.reserve(size);
  char buf[1 << 16];
  while (true) {
    const std::size_t n = std::fread(buf, 1, sizeof(buf), file.get());
    bytes.append(buf, n);
    if (n < sizeof(buf)) break;
  }
  if (std::ferror(file.get()) != 0) {
    return Error(ErrorCode::kIo, fmt::format("{}: read error", path.string()));
  }
  if (is_gzip(bytes)) return gunzip(bytes, path.string());
  return bytes;
}

FileContent::FileContent(FileContent&& other) noexcept
    : owned_(std::move(other.owned_)), map_(other.map_), map_size_(other.map_size_) {
  other.map_ = nullptr;
  other.map_size_ = 0;
}

FileContent& FileContent::operator=(FileContent&& other) noexcept {
  if (this != &other) {
    reset();
    owned_ = std::move(other.owned_);
    map_ = other.map_;
    map_size_ = other.map_size_;
    other.map_ = nullptr;
    other.map_size_ = 0;
  }
  return *this;
}

FileContent::~FileContent() {
  reset();
}

void FileContent::reset() {
  if (map_ != nullptr) ::munmap(const_cast<char*>(map_), map_size_);
  map_ = nullptr;
  map_size_ = 0;
}

Result<FileContent> FileContent::open(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    return Error(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                 fmt::format("{}: cannot open: {}", path.string(), std::strerror(err)));
  }
  struct stat st {};
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
  void* map =
      regular ? ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0)
              : MAP_FAILED;
  ::close(fd);
  FileContent content;
  if (map == MAP_FAILED) {
    // Empty files, pipes and filesystems without mmap take the buffered path.
    OMEGA_ASSIGN_OR_RETURN(content.owned_, load_file_content(path));
    return content;
  }
  content.map_ = static_cast<const char*>(map);
  content.map_size_ = static_cast<std::size_t>(st.st_size);
  ::madvise(map, content.map_size_, MADV_SEQUENTIAL);
  if (is_gzip(content.view())) {
    OMEGA_ASSIGN_OR_RETURN(std::string plain, gunzip(content.view(), path.string()));
    content.reset();
    content.owned_ = std::move(plain);
  }
  return content;
}

Result<std::string> gzip_compress(std::string_view plain) {
  if (plain.size() > kZlibChunk) {
    return Error(ErrorCode::kInvalidArgument, "gzip_compress takes at most 1 GiB at a time");
  }
  z_stream zs{};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Error(ErrorCode::kInternal, "cannot initialise zlib");
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(plain.size())) + 64);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const std::size_t produced = out.size() - zs.avail_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return Error(ErrorCode::kInternal, "gzip compression did not finish");
  out.resize(produced);
  return out;
}

}  // namespace omega::data
