// tfgate version: the tool and library version.
#include <fmt/format.h>

#include <gate/version.h>

#include "commands.h"
#include "options.h"

namespace tfgate {

int run_version(const std::vector<std::string>& args, Io& io) {
  CommandSpec spec{"version", "tfgate version", "Prints the version of tfgate and libgate.",
                   kExitCodesSimple};
  int code = 0;
  if (!parse_options(spec, args, io, code)) {
    return code;
  }
  io.out << fmt::format("tfgate {} (libgate {})\n", GATE_VERSION_STRING, gate::version());
  return kExitPass;
}

}  // namespace tfgate
