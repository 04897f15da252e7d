// The mediated protocol (issue 16 §3; THEORY.md C8; docs/bargain.md, "Mediated"): a single
// negotiating text carried through the process's rounds. Each round the mediator puts the next
// text on the table and every party accepts it as the agreement or refuses it with its own
// acceptance rule (home, reservation, its tactic's target at its clock); when all accept, it is
// agreed.
//
// The next text: from the current one, the one-issue changes that leave no party worse off and
// no party losing at home, one of them strictly better (the mediator knows the utilities), the
// mediator's favourite first; without such a change the text is kept (a Pareto-local optimum).
//   - A mediator that observes the parties' reservations ranks the changes by the parties'
//     total shortfall below their reservations (smaller first), then by its bias-weighted gains
//     Σ b_i (u_i − r_i), then package index; when the text is stuck outside the zone of
//     agreement and the zone is not empty, it proposes the zone's package with the largest
//     Σ b_i (u_i − r_i) instead (its criterion proposal). The parties rely on what it knows instead
//     of their beliefs: a party walks away only after its own deadline (while the zone is empty
//     every text is refused and the talks stay open): the private-information cause of failure
//     is gone.
//   - A mediator that does not observe them ranks the changes by Σ b_i u_i (then package index)
//     and cannot tell where the zone is; each party keeps its own beliefs about the others'
//     reservations and walks away as in the unmediated process (`no_expected_package`). The
//     mediator's texts are not offers of the parties: no belief learns from them.
#pragma once

#include "analyses/bargain/process.h"

namespace parley {

// Runs the mediated protocol (run_process calls it for Protocol::mediated). Throws
// AnalysisError when the mediator's issue shape does not match the states' package count.
ProcessOutcome run_mediated(const ProcessSetup& setup, const StateFn& state_at);

}  // namespace parley
