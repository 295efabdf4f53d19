// The main of every test binary: the Diameter applications are registered, as the iotboot
// program does at start-up, before any test runs, and the test takes the free ports of the
// block ctest gave it.
#include <gmock/gmock.h>

#include "diameter/apps/applications.hpp"
#include "support/ctest_port_block.hpp"

int main(int argc, char** argv) {
  iotboot::test::claim_ctest_port_block();
  iotboot::diameter::register_applications();
  testing::InitGoogleMock(&argc, argv);
  return RUN_ALL_TESTS();
}
