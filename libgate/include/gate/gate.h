/* The C API of libgate, for embedding the gate in other languages: load a policy set, evaluate
 * a plan, compute digests, verify sign-off records. Strings in and out are UTF-8; results and
 * errors are JSON documents (the same reports `tfgate check --format json` and
 * `tfgate verify --format json` print; errors are a JSON array of diagnostics
 * [{"code","message","file","line","column","pointer"}]). Every string the library returns is
 * freed with gate_string_free; a policy set with gate_policy_set_free.
 *
 *   gate_policy_set* set = NULL;
 *   char* error = NULL;
 *   if (gate_policy_set_load("policies", &set, &error) != GATE_OK) { puts(error); ... }
 *   char* report = NULL;
 *   gate_status s = gate_evaluate(set, plan_text, plan_size, "prod", &report, &error);
 *   // s: GATE_OK (pass), GATE_DENIED (fail), GATE_ERROR (error holds why)
 *   gate_string_free(report); gate_policy_set_free(set);
 *
 * Thread-safety: a loaded policy set may be used by any number of threads at once; every other
 * call is reentrant.
 */
#ifndef GATE_GATE_H
#define GATE_GATE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Outcome of a call; the values are tfgate's exit codes. */
typedef enum gate_status {
  GATE_OK = 0,     /**< success; for evaluate and verify: passed */
  GATE_ERROR = 1,  /**< unusable input or internal error; *error_json says why */
  GATE_DENIED = 2  /**< evaluate: blocking findings; verify: a check failed */
} gate_status;

/** A loaded, immutable policy directory. */
typedef struct gate_policy_set gate_policy_set;

/** "MAJOR.MINOR.PATCH" of the library (static storage, not freed). */
const char* gate_version(void);

/** Loads the policy directory `dir` (one JSON file per environment, platform.json). On GATE_OK *out owns the
 * set; on GATE_ERROR *error_json lists every problem. */
gate_status gate_policy_set_load(const char* dir, gate_policy_set** out, char** error_json);

/** Frees a policy set (NULL is allowed). */
void gate_policy_set_free(gate_policy_set* set);

/** Evaluates the plan JSON text (`terraform show -json`, `size` bytes) in `environment`.
 * *report_json receives the JSON report whatever the verdict; the status says the verdict. */
gate_status gate_evaluate(const gate_policy_set* set, const char* plan_json, size_t size,
                          const char* environment, char** report_json, char** error_json);

/** "sha256:<hex>" of a file's bytes. */
gate_status gate_digest_file(const char* path, char** digest, char** error_json);

/** The semantic plan digest of plan JSON text ("sha256:<hex>"). */
gate_status gate_semantic_digest(const char* plan_json, size_t size, char** digest,
                                 char** error_json);

/** Verifies sign-off records before apply. `request_json`:
 *   {"environment": "prod", "plan_file": "tfplan", "records": ["decision.json", ...],
 *    "trust": "policies/trust.json", "policies": "policies", "artifacts": {"lambda": "app.zip"},
 *    "terraform": "/usr/bin/terraform", "chdir": "stack"}
 * The plan file is read once into a private copy and `terraform show -json` runs on it
 * ("terraform" and "chdir" optional: as tfgate's --terraform and --chdir) for the
 * "plan content" step.
 * *result_json receives every step ({"environment", "passed", "steps": [...]}) whatever the
 * outcome; GATE_OK only when every step passed. */
gate_status gate_verify(const char* request_json, char** result_json, char** error_json);

/** Frees a string returned by this API (NULL is allowed). */
void gate_string_free(char* text);

#ifdef __cplusplus
}
#endif

#endif /* GATE_GATE_H */
