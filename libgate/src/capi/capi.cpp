// The C API (gate/gate.h) over the C++ library: JSON strings in and out, opaque handles, no
// exception ever crosses the boundary.
#include "gate/gate.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>

#include "gate/digest.h"
#include "gate/evaluate.h"
#include "gate/policy.h"
#include "gate/record.h"
#include "gate/report.h"
#include "gate/saved_plan.h"
#include "gate/sensitive_values.h"
#include "gate/trust.h"
#include "gate/verify.h"
#include "gate/version.h"

struct gate_policy_set {
  gate::PolicySet set;
};

namespace {

char* copy(const std::string& text) {
  char* out = static_cast<char*>(std::malloc(text.size() + 1));  // NOLINT(cppcoreguidelines-no-malloc)
  if (out != nullptr) {
    std::memcpy(out, text.c_str(), text.size() + 1);
  }
  return out;
}

void set_out(char** out, const std::string& text) {
  if (out != nullptr) {
    *out = copy(text);
  }
}

std::string diagnostics_json(const gate::Diagnostics& diagnostics) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const gate::Diagnostic& d : diagnostics) {
    out.push_back({{"code", d.code},
                   {"message", d.message},
                   {"file", d.location.file},
                   {"line", d.location.line},
                   {"column", d.location.column},
                   {"pointer", d.location.json_pointer},
                   {"notes", d.notes}});
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

gate_status fail(char** error_json, const gate::Diagnostics& diagnostics) {
  set_out(error_json, diagnostics_json(diagnostics));
  return GATE_ERROR;
}

gate_status fail(char** error_json, const std::string& code, const std::string& message) {
  return fail(error_json, {gate::make_diagnostic(code, message)});
}

// Runs `body`, turning any exception into GATE_ERROR.
template <class Body>
gate_status guarded(char** error_json, Body&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(error_json, "internal.memory", "out of memory");
  } catch (const std::exception&) {
    // A library's exception text means nothing to the caller and may quote internals.
    return fail(error_json, "internal.error",
                "an unexpected condition stopped the call (a bug in libgate)");
  }
}

}  // namespace

extern "C" {

const char* gate_version(void) { return GATE_VERSION_STRING; }

gate_status gate_policy_set_load(const char* dir, gate_policy_set** out, char** error_json) {
  return guarded(error_json, [&] {
    if (dir == nullptr || out == nullptr) {
      return fail(error_json, "api.argument", "dir and out are required");
    }
    *out = nullptr;
    auto set = gate::load_policy_dir(dir);
    if (!set) {
      return fail(error_json, set.error());
    }
    *out = new gate_policy_set{std::move(*set)};
    return GATE_OK;
  });
}

void gate_policy_set_free(gate_policy_set* set) { delete set; }

gate_status gate_evaluate(const gate_policy_set* set, const char* plan_json, size_t size,
                          const char* environment, char** report_json, char** error_json) {
  return guarded(error_json, [&] {
    if (set == nullptr || plan_json == nullptr || environment == nullptr) {
      return fail(error_json, "api.argument", "set, plan_json and environment are required");
    }
    auto plan = gate::load_plan(std::string_view(plan_json, size), "plan.json");
    if (!plan) {
      return fail(error_json, plan.error());
    }
    auto sensitive = gate::collect_sensitive_values(*plan);
    if (!sensitive) {
      return fail(error_json, sensitive.error());
    }
    gate::EvalOptions options;
    options.environment = environment;
    options.sensitive = &*sensitive;  // evaluate masks the findings; the report is masked here
    auto decision = gate::evaluate(set->set, *plan, options);
    if (!decision) {
      return fail(error_json, decision.error());
    }
    set_out(report_json,
            sensitive->mask(gate::render_report(*decision, gate::ReportFormat::kJson)));
    return decision->verdict == gate::Verdict::kPass ? GATE_OK : GATE_DENIED;
  });
}

gate_status gate_digest_file(const char* path, char** digest, char** error_json) {
  return guarded(error_json, [&] {
    if (path == nullptr) {
      return fail(error_json, "api.argument", "path is required");
    }
    auto d = gate::digest_file(path);
    if (!d) {
      return fail(error_json, d.error());
    }
    set_out(digest, *d);
    return GATE_OK;
  });
}

gate_status gate_semantic_digest(const char* plan_json, size_t size, char** digest,
                                 char** error_json) {
  return guarded(error_json, [&] {
    if (plan_json == nullptr) {
      return fail(error_json, "api.argument", "plan_json is required");
    }
    auto plan = gate::load_plan(std::string_view(plan_json, size), "plan.json");
    if (!plan) {
      return fail(error_json, plan.error());
    }
    auto d = gate::semantic_plan_digest(*plan);
    if (!d) {
      return fail(error_json, d.error());
    }
    set_out(digest, *d);
    return GATE_OK;
  });
}

gate_status gate_verify(const char* request_json, char** result_json, char** error_json) {
  return guarded(error_json, [&] {
    if (request_json == nullptr) {
      return fail(error_json, "api.argument", "request_json is required");
    }
    const auto request = nlohmann::json::parse(request_json, nullptr, false);
    if (request.is_discarded() || !request.is_object()) {
      return fail(error_json, "api.request", "the request is not a JSON object");
    }
    const auto text = [&](const char* key) {
      const auto it = request.find(key);
      return it != request.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    gate::VerifyRequest vr;
    vr.environment = text("environment");
    const std::string plan_file = text("plan_file"), trust_path = text("trust"),
                      policies_dir = text("policies");
    if (vr.environment.empty() || plan_file.empty() || trust_path.empty() || policies_dir.empty() ||
        !request.contains("records") || !request["records"].is_array()) {
      return fail(error_json, "api.request",
                  "the request needs environment, plan_file, records, trust and policies");
    }
    auto copy = gate::PlanCopy::make(plan_file);
    if (!copy) {
      return fail(error_json, copy.error());
    }
    vr.plan_file_digest = copy->digest();
    if (request.contains("artifacts") && request["artifacts"].is_object()) {
      for (const auto& [name, path] : request["artifacts"].items()) {
        if (!path.is_string()) {
          return fail(error_json, "api.request", "artifact paths must be strings");
        }
        auto d = gate::digest_file(path.get<std::string>());
        if (!d) {
          return fail(error_json, d.error());
        }
        vr.artifacts[name] = *d;
      }
    }
    auto policies = gate::load_policy_dir(policies_dir);
    if (!policies) {
      return fail(error_json, policies.error());
    }
    if (auto unknown = policies->check_environment(vr.environment)) {
      return fail(error_json, {*unknown});
    }
    vr.policy_digest = policies->digest(vr.environment);
    auto trust = gate::load_trust_file(trust_path);
    if (!trust) {
      return fail(error_json, trust.error());
    }
    std::vector<gate::Record> records;
    for (const auto& path : request["records"]) {
      if (!path.is_string()) {
        return fail(error_json, "api.request", "records must be file paths");
      }
      auto record = gate::load_record_file(path.get<std::string>());
      if (!record) {
        return fail(error_json, record.error());
      }
      records.push_back(std::move(*record));
    }
    // The plan content last: terraform runs only for otherwise usable requests.
    gate::ShowOptions show;
    show.terraform = text("terraform");
    show.chdir = text("chdir");
    auto semantic = gate::saved_plan_semantic_digest(*copy, show);
    if (!semantic) {
      return fail(error_json, semantic.error());
    }
    vr.plan_semantic_digest = *semantic;
    auto verification = gate::verify_records(records, *trust, vr, gate::system_clock());
    if (!verification) {
      return fail(error_json, verification.error());
    }
    set_out(result_json, gate::to_json(*verification).dump(2));
    return verification->passed() ? GATE_OK : GATE_DENIED;
  });
}

void gate_string_free(char* text) { std::free(text); }  // NOLINT(cppcoreguidelines-no-malloc)

}  // extern "C"
