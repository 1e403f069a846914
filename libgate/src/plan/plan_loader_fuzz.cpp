// libFuzzer target: the plan reader and everything that reads a loaded plan's values (the
// semantic digest, the reviewer diff in every format). Any crash, leak or sanitizer report
// is a bug; errors are fine.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gate/diff_report.h"
#include "gate/digest.h"
#include "gate/plan.h"
#include "gate/plan_diff.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto plan = gate::load_plan(text, "fuzz.json");
  if (!plan) {
    (void)gate::render(plan.error());
    return 0;
  }
  (void)gate::semantic_plan_digest(*plan);
  for (const gate::ResourceChange& rc : plan->resource_changes) {
    (void)plan->materialise(rc.after);
  }
  auto diff = gate::diff_plan(*plan);
  if (diff) {
    for (gate::DiffFormat f : {gate::DiffFormat::kText, gate::DiffFormat::kMarkdown,
                               gate::DiffFormat::kJson}) {
      gate::DiffRenderOptions options;
      options.full = true;
      (void)gate::render_diff(*diff, f, options);
    }
  }
  return 0;
}
