// Signal, query and update definitions shared by workflows and the API, so names can never drift.
// Each case workflow adds its messages here (defineSignal / defineQuery / defineUpdate).
export {};
