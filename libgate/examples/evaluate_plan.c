/* Example in C: load a policy directory, evaluate a plan in an environment, print the verdict
 * and the JSON report, then the plan's semantic digest.
 *   evaluate_plan POLICY_DIR ENVIRONMENT PLAN.json
 */
#include <stdio.h>
#include <stdlib.h>

#include <gate/gate.h>

static char* read_all(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) {
    return NULL;
  }
  size_t capacity = 1 << 16, used = 0;
  char* text = malloc(capacity);
  size_t n;
  while (text != NULL && (n = fread(text + used, 1, capacity - used, f)) > 0) {
    used += n;
    if (used == capacity) {
      capacity *= 2;
      char* bigger = realloc(text, capacity);
      if (bigger == NULL) {
        free(text);
        text = NULL;
      }
      text = bigger;
    }
  }
  fclose(f);
  *size = used;
  return text;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: evaluate_plan POLICY_DIR ENVIRONMENT PLAN.json\n");
    return 1;
  }
  char* error = NULL;
  gate_policy_set* set = NULL;
  if (gate_policy_set_load(argv[1], &set, &error) != GATE_OK) {
    fprintf(stderr, "%s\n", error);
    gate_string_free(error);
    return 1;
  }
  size_t size = 0;
  char* plan = read_all(argv[3], &size);
  if (plan == NULL) {
    fprintf(stderr, "cannot read %s\n", argv[3]);
    gate_policy_set_free(set);
    return 1;
  }
  char* report = NULL;
  gate_status status = gate_evaluate(set, plan, size, argv[2], &report, &error);
  if (status == GATE_ERROR) {
    fprintf(stderr, "%s\n", error);
  } else {
    printf("libgate %s: %s\n%s", gate_version(), status == GATE_OK ? "pass" : "denied", report);
  }
  char* digest = NULL;
  if (status != GATE_ERROR && gate_semantic_digest(plan, size, &digest, &error) == GATE_OK) {
    printf("semantic digest %s\n", digest);
  }
  gate_string_free(digest);
  gate_string_free(report);
  gate_string_free(error);
  free(plan);
  gate_policy_set_free(set);
  return (int)status;
}
