// Uses the installed libgate: prints the library version and the number of resource changes
// in the plan given as the first argument.
#include <iostream>

#include <gate/plan.h>
#include <gate/version.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: gate_consumer PLAN.json\n";
    return 1;
  }
  auto plan = gate::load_plan_file(argv[1]);
  if (!plan) {
    std::cerr << gate::render(plan.error());
    return 1;
  }
  std::cout << "libgate " << gate::version() << ": " << plan->resource_changes.size()
            << " resource changes\n";
  return 0;
}
