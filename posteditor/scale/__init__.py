"""Large inputs: streaming in chunks on several processes (stream) and Ray Data across a
cluster (distributed)."""
