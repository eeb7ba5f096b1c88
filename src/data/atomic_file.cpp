#include "data/atomic_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

namespace omega::data {
namespace {

Error io_error(const std::filesystem::path& path, std::string_view what, int err) {
  return Error(ErrorCode::kIo, fmt::format("{}: {}: {}", path.string(), what, std::strerror(err)));
}

// Closes and unlinks the temporary file unless released after a successful rename.
class TempFile {
 public:
  TempFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!released_) ::unlink(path_.c_str());
  }
  int fd() const { return fd_; }
  const std::string& path() const { return path_; }
  int close() {
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }
  void release() { released_ = true; }

 private:
  int fd_;
  std::string path_;
  bool released_ = false;
};

}  // namespace

Status write_file_atomic(const std::filesystem::path& path,
                         const std::function<Status(const ChunkSink&)>& produce) {
  const std::filesystem::path dir =
      path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  // The temporary sits in the target's directory so that rename() stays on one filesystem.
  std::string tmpl = (dir / fmt::format(".{}.tmp.XXXXXX", path.filename().string())).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return io_error(path, "cannot create a temporary file", errno);
  TempFile tmp(fd, tmpl);
  const ChunkSink sink = [&](std::string_view chunk) -> Status {
    while (!chunk.empty()) {
      const ssize_t n = ::write(tmp.fd(), chunk.data(), chunk.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return io_error(path, "write failed", errno);
      }
      chunk.remove_prefix(static_cast<std::size_t>(n));
    }
    return ok_status();
  };
  OMEGA_TRY(produce(sink));
  if (::fsync(tmp.fd()) != 0) return io_error(path, "fsync failed", errno);
  // mkstemp creates 0600; data files are meant to be shared read-only (umask is process-global
  // and not thread-safe to query, so a fixed mode is used).
  ::fchmod(tmp.fd(), 0644);
  if (tmp.close() != 0) return io_error(path, "close failed", errno);
  if (::rename(tmp.path().c_str(), path.c_str()) != 0)
    return io_error(path, "rename failed", errno);
  tmp.release();
  // Persist the directory entry too, so the rename survives a crash.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return ok_status();
}

Status write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  return write_file_atomic(path, [content](const ChunkSink& sink) { return sink(content); });
}

}  // namespace omega::data
