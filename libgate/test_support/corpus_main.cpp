// Entry point of the corpus test: skips (exit 77, which CTest reports as skipped) where the
// shared corpus of third-party plans is absent, otherwise runs the doctest cases.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <filesystem>
#include <iostream>

int main(int argc, char** argv) {
  if (!std::filesystem::exists(std::string(GATE_CORPUS_DIR) + "/MANIFEST.tsv")) {
    std::cout << "skipped: no plan corpus at " << GATE_CORPUS_DIR
              << " (set -DGATE_CORPUS_DIR=... to run this test)\n";
    return 77;
  }
  doctest::Context context(argc, argv);
  return context.run();
}
