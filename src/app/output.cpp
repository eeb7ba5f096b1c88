#include "app/output.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/json_text.hpp"

namespace omega::app {
namespace {

std::string json_value(const Cell& c) {
  return c.numeric ? c.text : json_string(c.text);
}

std::string csv_value(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

void print_table_style(std::FILE* out, const Document& doc) {
  bool first = true;
  for (const Section& s : doc.sections) {
    if (!first) fmt::print(out, "\n");
    first = false;
    if (s.columns.empty()) {
      std::size_t width = 0;
      for (const auto& [k, v] : s.fields) width = std::max(width, k.size());
      for (const auto& [k, v] : s.fields) fmt::print(out, "{:<{}}  {}\n", k, width, v.text);
      continue;
    }
    fmt::print(out, "{} ({})\n", s.name, s.rows.size());
    if (s.rows.empty()) continue;
    std::vector<std::size_t> width(s.columns.size());
    for (std::size_t c = 0; c < s.columns.size(); ++c) width[c] = s.columns[c].size();
    for (const auto& row : s.rows) {
      for (std::size_t c = 0; c < row.size() && c < width.size(); ++c) {
        width[c] = std::max(width[c], row[c].text.size());
      }
    }
    const auto print_row = [&](const auto& cells, auto text_of) {
      std::string line;
      for (std::size_t c = 0; c < cells.size(); ++c) {
        const bool last = c + 1 == cells.size();
        line += last ? text_of(cells[c]) : fmt::format("{:<{}}  ", text_of(cells[c]), width[c]);
      }
      fmt::print(out, "{}\n", line);
    };
    print_row(s.columns, [](const std::string& x) { return x; });
    for (const auto& row : s.rows) print_row(row, [](const Cell& x) { return x.text; });
  }
}

void print_csv_style(std::FILE* out, const Document& doc) {
  bool first = true;
  for (const Section& s : doc.sections) {
    if (doc.sections.size() > 1) fmt::print(out, "{}# {}\n", first ? "" : "\n", s.name);
    first = false;
    if (s.columns.empty()) {
      fmt::print(out, "key,value\n");
      for (const auto& [k, v] : s.fields)
        fmt::print(out, "{},{}\n", csv_value(k), csv_value(v.text));
      continue;
    }
    std::string header;
    for (std::size_t c = 0; c < s.columns.size(); ++c) {
      if (c != 0) header.push_back(',');
      header += csv_value(s.columns[c]);
    }
    fmt::print(out, "{}\n", header);
    for (const auto& row : s.rows) {
      std::string line;
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (c != 0) line.push_back(',');
        line += csv_value(row[c].text);
      }
      fmt::print(out, "{}\n", line);
    }
  }
}

void print_json_style(std::FILE* out, const Document& doc) {
  std::string text = "{";
  for (std::size_t i = 0; i < doc.sections.size(); ++i) {
    const Section& s = doc.sections[i];
    text += fmt::format("{}\n  {}: ", i ? "," : "", json_string(s.name));
    if (s.columns.empty()) {
      text += "{";
      for (std::size_t f = 0; f < s.fields.size(); ++f) {
        text += fmt::format("{}\n    {}: {}", f ? "," : "", json_string(s.fields[f].first),
                            json_value(s.fields[f].second));
      }
      text += "\n  }";
      continue;
    }
    text += "[";
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      text += r ? ",\n    {" : "\n    {";
      for (std::size_t c = 0; c < s.rows[r].size() && c < s.columns.size(); ++c) {
        text += fmt::format("{}{}: {}", c ? ", " : "", json_string(s.columns[c]),
                            json_value(s.rows[r][c]));
      }
      text += "}";
    }
    text += s.rows.empty() ? "]" : "\n  ]";
  }
  text += "\n}\n";
  fmt::print(out, "{}", text);
}

}  // namespace

Cell num(long long v) {
  return Cell{std::to_string(v), true};
}
Cell num_text(std::string text) {
  return Cell{std::move(text), true};
}
Cell str(std::string text) {
  return Cell{std::move(text), false};
}

Section& Document::fields(std::string name) {
  sections.push_back(Section{std::move(name), {}, {}, {}});
  return sections.back();
}

Section& Document::table(std::string name, std::vector<std::string> columns) {
  sections.push_back(Section{std::move(name), std::move(columns), {}, {}});
  return sections.back();
}

void print_document(std::FILE* out, const Document& doc, OutputStyle style) {
  switch (style) {
    case OutputStyle::kTable:
      print_table_style(out, doc);
      break;
    case OutputStyle::kCsv:
      print_csv_style(out, doc);
      break;
    case OutputStyle::kJson:
      print_json_style(out, doc);
      break;
  }
  std::fflush(out);
}

}  // namespace omega::app
