// The omega command line.
#include <cstdio>

int main() {
  std::puts("omega");
  return 0;
}
