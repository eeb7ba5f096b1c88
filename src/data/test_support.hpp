// Provides helpers for the data tests: bundled-file paths and a per-test scratch directory.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace omega::data::testing {

// Returns the path of a bundled file under data/.
inline std::filesystem::path data_file(std::string_view relative) {
  return std::filesystem::path(OMEGA_DATA_DIR) / relative;
}

// Returns a fresh, empty directory for the running test.
inline std::filesystem::path scratch_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir = std::filesystem::path(OMEGA_TEST_TMP) / "data" /
                                    (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Writes `content` to `path` (binary) and returns the path.
inline std::filesystem::path write_text(const std::filesystem::path& path,
                                        std::string_view content) {
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  return path;
}

}  // namespace omega::data::testing
