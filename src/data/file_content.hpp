// Provides FileContent and load_file_content: a whole file's bytes (memory-mapped when plain,
// gunzipped into memory when gzip), and gzip_compress.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace omega::data {

// True when `bytes` start with the gzip magic number.
bool is_gzip(std::string_view bytes);

// A file's bytes, read-only: a private memory map for plain files (no copy), an owned buffer for
// decompressed gzip files. Move-only; the view lives as long as the object. As with any map, a
// file truncated in place by another process while mapped faults (SIGBUS); our writers never
// do that (they replace files by rename), so only foreign in-place writers are a concern.
class FileContent {
 public:
  // Opens `path`; gzip files (by magic bytes) are decompressed. Fails like load_file_content.
  static Result<FileContent> open(const std::filesystem::path& path);

  FileContent() = default;
  FileContent(FileContent&& other) noexcept;
  FileContent& operator=(FileContent&& other) noexcept;
  FileContent(const FileContent&) = delete;
  FileContent& operator=(const FileContent&) = delete;
  ~FileContent();

  std::string_view view() const {
    return map_ != nullptr ? std::string_view(map_, map_size_) : std::string_view(owned_);
  }
  // True when the bytes are a memory map rather than a buffer.
  bool mapped() const { return map_ != nullptr; }

 private:
  void reset();

  std::string owned_;
  const char* map_ = nullptr;
  std::size_t map_size_ = 0;
};

// Reads a file into memory; gzip files (detected by their magic bytes, not their name) are
// decompressed, including multi-member streams. Fails naming the file on I/O errors and on a
// corrupt or truncated gzip stream.
Result<std::string> load_file_content(const std::filesystem::path& path);

// Decompresses a gzip buffer; `name` is used in error messages.
Result<std::string> gunzip(std::string_view compressed, std::string_view name);

// Compresses a buffer to a single gzip member (level 6).
Result<std::string> gzip_compress(std::string_view plain);

}  // namespace omega::data
