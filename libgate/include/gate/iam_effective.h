// A document's effective permissions: what its Allow statements grant once its own
// unconditional Deny statements are taken away, before any check looks at it. An Allow whose
// conditions can never hold grants nothing; a conditional Deny takes nothing away (it may not
// apply). Overlaps are worked out on Action/NotAction x Resource/NotResource:
//   - a Deny covering all of an Allow's actions and resources removes the Allow;
//   - a Deny covering all of its resources but only some actions leaves the Allow less those
//     actions (Statement::denied_actions);
//   - a Deny covering all of its actions but only some resources leaves the other resources.
// What cannot be shown to be covered is kept: the result never grants less than AWS would.
//
//   gate::iam::PolicyDocument effective = gate::iam::effective_permissions(doc, plan.timestamp);
//
// Thread-safety: pure function.
#pragma once

#include <string_view>

#include "gate/iam.h"

namespace gate::iam {

/// The Allow statements of `doc` as they take effect (see above), followed by its Deny
/// statements unchanged. `now` is an RFC 3339 time ("" when unknown).
PolicyDocument effective_permissions(const PolicyDocument& doc, std::string_view now);

}  // namespace gate::iam
