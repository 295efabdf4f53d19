// Golden files: expected output kept in tests/golden/ and compared byte for byte. After an
// intended change of output, refresh them with `make golden` (IOTBOOT_UPDATE_GOLDEN=1 while
// the tests run) and review the diff before committing it.
#pragma once

#include <string>

namespace iotboot::test {

// Fails the test when `actual` differs from tests/golden/<name> (or rewrites the file when
// IOTBOOT_UPDATE_GOLDEN is set).
void expect_golden(const std::string& name, const std::string& actual);

}  // namespace iotboot::test
