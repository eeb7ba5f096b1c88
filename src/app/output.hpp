// Provides Document and print_document: command results rendered as an aligned table, CSV or
// JSON on stdout, so every command has the same three machine-readable shapes.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace omega::app {

// The --format choice.
enum class OutputStyle : std::uint8_t { kTable, kCsv, kJson };

// One value; `numeric` values are written bare in JSON, others quoted.
struct Cell {
  std::string text;
  bool numeric = false;
};

// Makes a numeric cell.
Cell num(long long v);
// Makes a numeric cell from already-formatted decimal text.
Cell num_text(std::string text);
// Makes a text cell.
Cell str(std::string text);

// A named part of a result: key/value fields, or a table with columns and rows.
struct Section {
  std::string name;
  std::vector<std::string> columns;  // empty for a field section
  std::vector<std::pair<std::string, Cell>> fields;
  std::vector<std::vector<Cell>> rows;
};

// The whole result of a command.
struct Document {
  std::vector<Section> sections;
  // Adds a field section and returns it.
  Section& fields(std::string name);
  // Adds a table section and returns it.
  Section& table(std::string name, std::vector<std::string> columns);
};

// Writes the document in a style: table (aligned text), csv (each section as CSV, sections
// separated by a blank line and a "# name" line) or json (one object, a key per section).
void print_document(std::FILE* out, const Document& doc, OutputStyle style);

}  // namespace omega::app
