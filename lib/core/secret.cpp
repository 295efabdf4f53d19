#include "core/secret.hpp"

#include <string.h>

namespace iotboot {

void secure_wipe(void* p, std::size_t n) noexcept { explicit_bzero(p, n); }

}  // namespace iotboot
