// Provides load_file_content: a whole file in memory, gunzipped when it is gzip, and gzip_compress.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace omega::data {

// True when `bytes` start with the gzip magic number.
bool is_gzip(std::string_view bytes);

// Reads a file into memory; gzip files (detected by their magic bytes, not their name) are
// decompressed, including multi-member streams. Fails naming the file on I/O errors and on a
// corrupt or truncated gzip stream.
Result<std::string> load_file_content(const std::filesystem::path& path);

// Decompresses a gzip buffer; `name` is used in error messages.
Result<std::string> gunzip(std::string_view compressed, std::string_view name);

// Compresses a buffer to a single gzip member (level 6).
Result<std::string> gzip_compress(std::string_view plain);

}  // namespace omega::data
