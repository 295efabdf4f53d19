// Text forms PostgreSQL parses, for values sent in bulk: array literals (one parameter carries a
// whole batch) and COPY text fields.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/bytes.hpp"

namespace iotboot::store {

// {"a","b"}: every element quoted, backslash and quote escaped.
std::string pg_text_array(std::span<const std::string> items);
// A COPY text-format field: backslash, tab, newline and carriage return escaped.
std::string pg_copy_text(std::string_view s);
// A bytea COPY text-format field: \\x followed by hex.
void append_copy_bytea(std::string& line, ByteView bytes);

}  // namespace iotboot::store
