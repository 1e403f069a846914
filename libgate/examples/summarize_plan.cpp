// Example: load a plan with libgate, print what it does by action, list what it destroys, and
// print its semantic digest.
//   summarize_plan PLAN.json
#include <iostream>

#include <gate/digest.h>
#include <gate/plan.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: summarize_plan PLAN.json\n";
    return 1;
  }
  gate::Expected<gate::Plan> plan = gate::load_plan_file(argv[1]);
  if (!plan) {
    std::cerr << gate::render(plan.error());
    return 1;
  }
  const gate::ActionCounts counts = gate::count_actions(*plan);
  for (gate::Action action : gate::kAllActions) {
    if (counts[action] > 0) {
      std::cout << gate::to_string(action) << ": " << counts[action] << '\n';
    }
  }
  for (const gate::ResourceChange& rc : plan->resource_changes) {
    if (gate::destroys(rc.action)) {
      std::cout << "destroys " << rc.address << '\n';
    }
  }
  gate::Expected<std::string> digest = gate::semantic_plan_digest(*plan);
  if (!digest) {
    std::cerr << gate::render(digest.error());
    return 1;
  }
  std::cout << "semantic digest " << *digest << '\n';
  return 0;
}
