// The main of every test binary: the Diameter applications are registered, as the iotboot
// program does at start-up, before any test runs.
#include <gmock/gmock.h>

#include "diameter/apps/applications.hpp"

int main(int argc, char** argv) {
  iotboot::diameter::register_applications();
  testing::InitGoogleMock(&argc, argv);
  return RUN_ALL_TESTS();
}
