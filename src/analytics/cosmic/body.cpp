#include "analytics/cosmic/body.hpp"

#include <cctype>
#include <string>

namespace omega::cosmic {

std::string_view to_string(Body body) {
  switch (body) {
    case Body::kSun:
      return "sun";
    case Body::kMoon:
      return "moon";
    case Body::kMercury:
      return "mercury";
    case Body::kVenus:
      return "venus";
    case Body::kMars:
      return "mars";
    case Body::kJupiter:
      return "jupiter";
    case Body::kSaturn:
      return "saturn";
    case Body::kUranus:
      return "uranus";
    case Body::kNeptune:
      return "neptune";
    case Body::kPluto:
      return "pluto";
  }
  OMEGA_UNREACHABLE("unknown Body");
}

Result<Body> parse_body(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  for (Body body : kAllBodies) {
    if (to_string(body) == lower) {
      return body;
    }
  }
  return Error(ErrorCode::kInvalidArgument, "unknown body '" + std::string(name) + "'");
}

}  // namespace omega::cosmic
