#include "metrics/build_info.hpp"

namespace iotboot::metrics {

Registration register_build_info(const std::string& role, Registry& registry) {
  return registry.collect_gauge("iotboot_build_info", "The iotboot version and the role of this process; always 1",
                                {"version", "role"}, [role](const Emit& emit) {
                                  emit({IOTBOOT_VERSION, role}, 1);
                                });
}

}  // namespace iotboot::metrics
