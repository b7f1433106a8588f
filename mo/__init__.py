"""memory-orchestrator's Python side: the local cluster and connection targets."""
