// Provides write_file_atomic: replaces a file all at once (temp file in the same directory,
// fsync, rename), so readers never see a half-written file.
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

#include "core/result.hpp"

namespace omega::data {

// Receives chunks of output; returns an error to abort the write.
using ChunkSink = std::function<Status(std::string_view chunk)>;

// Writes `path` atomically: `produce` streams the content into the sink; the bytes go to a
// temporary file next to `path`, which is flushed, fsynced and renamed over `path` only when
// `produce` and every write succeed. On any failure the temporary file is removed and `path`
// is left as it was.
Status write_file_atomic(const std::filesystem::path& path,
                         const std::function<Status(const ChunkSink&)>& produce);

// Writes `content` to `path` atomically.
Status write_file_atomic(const std::filesystem::path& path, std::string_view content);

}  // namespace omega::data
