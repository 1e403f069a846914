// The saved plan file (`terraform plan -out=tfplan`) read by tfgate itself: its bytes are
// read once into a private copy, digested, and `terraform show -json` runs on that copy with
// its standard output read through a pipe, so the plan JSON judged comes from exactly the
// bytes digested, and a later change to the original file changes neither.
//
//   auto copy = gate::PlanCopy::make("stack/tfplan");            // stack/tfplan read once
//   auto json = gate::show_plan_json(*copy, gate::ShowOptions{}); // terraform show -json
//   auto plan = gate::load_plan(*json, copy->source());
//   copy->digest();                                               // the tfplan subject
//
// Thread-safety: PlanCopy is a plain value owned by one thread; show_plan_json is reentrant.
#pragma once

#include <string>
#include <vector>

#include "gate/expected.h"
#include "gate/plan.h"

namespace gate {

/// A saved plan file copied into a fresh directory that only this user may enter (mode 0700);
/// the copy is read-only and removed with its directory when the PlanCopy is destroyed.
class PlanCopy {
 public:
  /// Reads `plan_file` once, writes the copy and digests the bytes copied.
  /// Errors: io.read (the file cannot be read), io.write (the copy cannot be made).
  [[nodiscard]] static Expected<PlanCopy> make(const std::string& plan_file);

  PlanCopy(const PlanCopy&) = delete;
  PlanCopy& operator=(const PlanCopy&) = delete;
  PlanCopy(PlanCopy&& other) noexcept;
  PlanCopy& operator=(PlanCopy&& other) noexcept;
  ~PlanCopy();

  const std::string& source() const { return source_; }  ///< the original path, as given
  const std::string& path() const { return path_; }      ///< the private copy
  const std::string& directory() const { return dir_; }  ///< the copy's private directory
  const std::string& digest() const { return digest_; }  ///< "sha256:..." of the bytes copied

 private:
  PlanCopy() = default;
  void remove() noexcept;
  std::string source_, path_, dir_, digest_;
};

/// How to run `terraform show -json`.
struct ShowOptions {
  /// The terraform (or tofu) binary: a path, or a name looked up on PATH. When empty:
  /// $TFGATE_TERRAFORM, else `terraform`, then `tofu`, on PATH.
  std::string terraform;
  /// The working directory (the stack's, with its initialised .terraform): when empty, the
  /// directory of the original plan file.
  std::string chdir;
  /// The largest plan JSON accepted, in bytes.
  std::size_t max_bytes = LoadOptions{}.max_bytes;
};

/// The terraform binary `options` selects (see ShowOptions::terraform).
/// Errors: terraform.not-found (naming where it was looked for).
[[nodiscard]] Expected<std::string> find_terraform(const ShowOptions& options);

/// The working directory `show_plan_json` and `tfgate verify --exec` run in for `copy`.
std::string stack_directory(const PlanCopy& copy, const ShowOptions& options);

/// Runs `<terraform> show -no-color -json <copy>` in the stack directory and returns its
/// standard output.
/// Errors: terraform.not-found; terraform.show (it could not be started, failed, wrote too
/// much, or wrote nothing: the message names the command and the notes carry its standard
/// error, at most 4 KiB).
[[nodiscard]] Expected<std::string> show_plan_json(const PlanCopy& copy,
                                                   const ShowOptions& options);

/// The plan of a saved plan file: show_plan_json, then load_plan, with diagnostics naming
/// "<plan file> (terraform show -json)".
[[nodiscard]] Expected<Plan> load_saved_plan(const PlanCopy& copy, const ShowOptions& show,
                                             const LoadOptions& load = {});

/// The semantic digest of the plan a saved plan file holds (load_saved_plan, then
/// semantic_plan_digest): what `verify`'s plan content step compares with the decision's.
/// Errors: those of load_saved_plan and semantic_plan_digest.
[[nodiscard]] Expected<std::string> saved_plan_semantic_digest(const PlanCopy& copy,
                                                               const ShowOptions& show);

/// Runs argv (argv[0] looked up on PATH unless it holds a '/'; no shell) in `cwd` with this
/// process's standard streams, and returns its exit status (128 + N when signal N ended it).
/// Used to apply a verified copy. Errors: process.start (not found, or cannot be started).
[[nodiscard]] Expected<int> run_command(const std::vector<std::string>& argv,
                                        const std::string& cwd);

}  // namespace gate
