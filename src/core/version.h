// The engine's version, carried by every result so that a run can be reproduced.
#pragma once

namespace parley {
inline constexpr const char* kVersion = "0.1.0";
}
